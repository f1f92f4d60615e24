using OrleansAgent.Silo.Replay;
using OrleansAgent.Silo.Sample;
using OrleansAgent.Tests.EndToEnd;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.Replay;

/// <summary>The replay command learns from history and reports what detect mode would have done.</summary>
public sealed class ReplayTests
{
    [Fact]
    public async Task ReplayReportsEachInjectedFaultOnceAndNoDailyRoutine()
    {
        using var directory = new TestDirectory();
        var training = new SampleLog(directory.File("days-1-2.log"), seed: 5, linesPerSecond: 0.5);
        training.Append(SampleLog.Day, SampleLog.Day.AddDays(2));
        var detection = new SampleLog(directory.File("day-3.log"), seed: 6, linesPerSecond: 0.5);
        var day3 = SampleLog.Day.AddDays(2);
        detection.Append(
            day3,
            day3.AddDays(1),
            new SampleFault(SampleFaults.NewError, day3.AddHours(10), TimeSpan.FromMinutes(10)),
            new SampleFault(SampleFaults.WarningSpike, day3.AddHours(16), TimeSpan.FromMinutes(5)));

        var report = await ReplayRunner.RunAsync(
            new ReplayRequest([training.Path], [detection.Path], HeaderFormat: null, new Dictionary<string, string?>()),
            progress: null,
            CancellationToken.None);

        Assert.Equal(training.LinesWritten, report.TrainingLines);
        Assert.Equal(detection.LinesWritten, report.DetectionLines);
        Assert.True(
            report.Incidents.Count == 2,
            "Expected 2 incidents, verdicts " + string.Join(",", report.DetectionVerdictLines) + ", found: " + string.Join("; ", report.Incidents.Select(incident => $"{incident.Verdict} {incident.FirstSeen:O} {incident.Lines} {incident.Template}")));
        var newError = Assert.Single(report.Incidents, incident => incident.Verdict == "unknown");
        var spike = Assert.Single(report.Incidents, incident => incident.Verdict == "spike");
        Assert.Contains("Payment provider call failed", newError.Template);
        Assert.Contains("Slow query", spike.Template);
        Assert.InRange(newError.FirstSeen, day3.AddHours(10), day3.AddHours(10).AddMinutes(10));
        Assert.InRange(spike.FirstSeen, day3.AddHours(16), day3.AddHours(16).AddMinutes(5));
    }
}
