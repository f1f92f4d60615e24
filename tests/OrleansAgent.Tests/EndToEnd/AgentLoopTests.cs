using OrleansAgent.Grains.Interfaces.Modes;
using OrleansAgent.Grains.Interfaces.Patterns;
using OrleansAgent.Grains.Interfaces.Shadow;
using OrleansAgent.Silo.Sample;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.EndToEnd;

/// <summary>The whole loop on a generated log: training, shadow, detect.</summary>
public sealed class AgentLoopTests
{
    private static readonly DateTimeOffset TrainingStart = SampleLog.Day.AddHours(12);
    private static readonly DateTimeOffset ShadowStart = SampleLog.Day.AddHours(14.5);
    private static readonly DateTimeOffset DetectStart = SampleLog.Day.AddHours(15);
    private static readonly DateTimeOffset DetectEnd = SampleLog.Day.AddHours(15.5);

    [Fact]
    public async Task LoopTrainsShadowsAndDetectsEachFaultOnce()
    {
        using var directory = new TestDirectory();
        var log = new SampleLog(directory.File("app.log"));
        await using var agent = await AgentTestCluster.StartAsync(AgentSettings.ForFile(log.Path, directory.File("incidents.jsonl")));
        var mode = agent.Grains.GetGrain<IModeGrain>(GrainKeys.Cluster);

        log.Append(TrainingStart, ShadowStart);
        await agent.PollToEndAsync(AgentSettings.SourceName);
        var learned = await agent.PatternsAsync();

        Assert.NotEmpty(learned);
        Assert.All(learned, pattern => Assert.Equal(PatternStatus.Known, pattern.Status));

        await mode.SetAsync(AgentMode.Shadow, "test", "baseline learned");
        log.Append(ShadowStart, DetectStart, new SampleFault(SampleFaults.NewError, ShadowStart.AddMinutes(10), TimeSpan.FromMinutes(10)));
        await agent.PollToEndAsync(AgentSettings.SourceName);
        var shadow = await agent.Grains.GetGrain<IShadowLogGrain>(GrainKeys.Cluster).QueryAsync(new ShadowQuery(null, null, null, 0, 100));

        Assert.True(shadow.Items.Length == 1, "Shadow entries: " + string.Join(" | ", shadow.Items.Select(entry => entry.Template + " <= " + string.Join(" / ", entry.Samples))));
        var shadowEntry = shadow.Items[0];
        Assert.Equal(Verdict.Unknown, shadowEntry.Verdict);
        Assert.Contains("Payment provider call failed", shadowEntry.Template);
        Assert.Empty(await agent.IncidentsAsync());

        await mode.SetAsync(AgentMode.Detect, "test", "shadow looked right");
        log.Append(
            DetectStart,
            DetectEnd,
            new SampleFault(SampleFaults.NewError, DetectStart.AddMinutes(5), TimeSpan.FromMinutes(5)),
            new SampleFault(SampleFaults.WarningSpike, DetectStart.AddMinutes(15), TimeSpan.FromMinutes(5)));
        await agent.PollToEndAsync(AgentSettings.SourceName);
        await agent.DrainSignalsAsync(AgentSettings.SourceName);
        var incidents = await Eventually.WaitAsync(agent.IncidentsAsync, found => found.Count >= 2);

        Assert.Equal(2, incidents.Count);
        var newError = Assert.Single(incidents, incident => incident.Verdict == Verdict.Unknown);
        var spike = Assert.Single(incidents, incident => incident.Verdict == Verdict.Spike);
        Assert.Contains("Payment provider call failed", (await PatternAsync(agent, newError.PatternId)).Template);
        Assert.Contains("Slow query", (await PatternAsync(agent, spike.PatternId)).Template);
        Assert.True(File.Exists(directory.File("incidents.jsonl")));
    }

    private static async Task<PatternSummary> PatternAsync(AgentTestCluster agent, string patternId)
    {
        var details = await agent.Grains.GetGrain<IPatternGrain>(patternId).GetAsync();
        Assert.NotNull(details);
        return details.Summary;
    }
}
