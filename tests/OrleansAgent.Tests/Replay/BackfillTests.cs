using OrleansAgent.Grains.Interfaces.Patterns;
using OrleansAgent.Grains.Interfaces.Sources;
using OrleansAgent.Silo.Sample;
using OrleansAgent.Tests.EndToEnd;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.Replay;

/// <summary>A backfill trains on history from a past time, whatever the mode, then the source runs live.</summary>
public sealed class BackfillTests
{
    [Fact]
    public async Task BackfillTrainsInDetectModeThenDetectsLive()
    {
        using var directory = new TestDirectory();
        var log = new SampleLog(directory.File("app.log"));
        var start = SampleLog.Day.AddHours(9);
        var history = log.Append(start, start.AddHours(2));
        var settings = AgentSettings.ForFile(log.Path, directory.File("incidents.jsonl"));
        settings["Agent:Detection:InitialMode"] = "Detect";
        await using var agent = await AgentTestCluster.StartAsync(settings);
        var poller = agent.Grains.GetGrain<ISourcePollerGrain>(AgentSettings.SourceName);
        var from = start.AddMinutes(30);

        var started = await poller.RewindAsync(from, until: null, train: true);
        await agent.PollToEndAsync(AgentSettings.SourceName);
        var afterBackfill = await poller.GetStatusAsync();
        var learned = await agent.PatternsAsync();

        Assert.NotNull(started.Backfill);
        Assert.True(started.IsTrainingOnHistory);
        Assert.Null(afterBackfill.Backfill);
        Assert.False(afterBackfill.IsTrainingOnHistory);
        Assert.Equal(history.Count(line => line.Time < from), afterBackfill.Skipped.GetValueOrDefault("before-rewind-start"));
        Assert.Equal(history.Count(line => line.Time >= from), learned.Where(pattern => pattern.MergedInto is null).Sum(pattern => pattern.TotalCount));
        Assert.All(learned, pattern => Assert.Equal(PatternStatus.Known, pattern.Status));
        Assert.Empty(await agent.IncidentsAsync());

        log.Append(start.AddHours(2), start.AddHours(2.5), new SampleFault(SampleFaults.NewError, start.AddHours(2.1), TimeSpan.FromMinutes(5)));
        await agent.PollToEndAsync(AgentSettings.SourceName);
        await agent.DrainSignalsAsync(AgentSettings.SourceName);
        var incidents = await Eventually.WaitAsync(agent.IncidentsAsync, found => found.Count >= 1);

        var incident = Assert.Single(incidents);
        Assert.Equal(Verdict.Unknown, incident.Verdict);
    }
}
