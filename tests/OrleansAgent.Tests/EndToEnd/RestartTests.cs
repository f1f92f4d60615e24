using OrleansAgent.Grains.Interfaces.Modes;
using OrleansAgent.Grains.Interfaces.Patterns;
using OrleansAgent.Grains.Interfaces.Sources;
using OrleansAgent.Grains.Sources.Polling;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.EndToEnd;

/// <summary>Stopping the agent mid-stream, or crashing it inside a poll, loses and repeats no line.</summary>
public sealed class RestartTests
{
    private const int PollsBeforeStop = 4;

    [Fact]
    public async Task RestartResumesCursorAndKeepsPatternsAndMode()
    {
        using var directory = new TestDirectory();
        var log = new SampleLog(directory.File("app.log"));
        log.Append(SampleLog.Day.AddHours(12), SampleLog.Day.AddHours(14));
        var settings = AgentSettings.ForFile(log.Path, directory.File("incidents.jsonl"));

        string serviceId;
        IReadOnlyList<PatternSummary> before;
        PatternDetails? busiestBefore;
        await using (var first = await AgentTestCluster.StartAsync(settings))
        {
            serviceId = first.ServiceId;
            await first.Grains.GetGrain<IModeGrain>(GrainKeys.Cluster).SetAsync(AgentMode.Shadow, "test", "checking restart");
            var poller = first.Grains.GetGrain<ISourcePollerGrain>(AgentSettings.SourceName);
            for (var poll = 0; poll < PollsBeforeStop; poll++)
            {
                await poller.PollNowAsync();
            }

            before = await first.PatternsAsync();
            busiestBefore = await first.Grains.GetGrain<IPatternGrain>(before[0].PatternId).GetAsync();
            Assert.True(before.Sum(pattern => pattern.TotalCount) < log.LinesWritten);
        }

        await using var second = await AgentTestCluster.StartAsync(settings, serviceId);
        await second.PollToEndAsync(AgentSettings.SourceName);
        var after = await second.PatternsAsync();
        var busiestAfter = await second.Grains.GetGrain<IPatternGrain>(before[0].PatternId).GetAsync();
        var mode = await second.Grains.GetGrain<IModeGrain>(GrainKeys.Cluster).GetAsync();

        Assert.Equal(log.LinesWritten, CountedLines(after));
        Assert.All(before, pattern => Assert.Contains(after, row => row.PatternId == pattern.PatternId));
        Assert.NotNull(busiestAfter);
        Assert.True(busiestAfter.BaselineWindows >= busiestBefore!.BaselineWindows);
        Assert.True(busiestAfter.Summary.TotalCount > busiestBefore.Summary.TotalCount);
        Assert.Equal(AgentMode.Shadow, mode.Mode);
    }

    [Theory]
    [InlineData(PollStep.AfterFetch)]
    [InlineData(PollStep.AfterPendingSaved)]
    [InlineData(PollStep.AfterObservations)]
    [InlineData(PollStep.BeforeCursorSave)]
    public async Task CrashInsidePollLosesAndRepeatsNoLine(PollStep step)
    {
        using var directory = new TestDirectory();
        var log = new SampleLog(directory.File("app.log"));
        log.Append(SampleLog.Day.AddHours(12), SampleLog.Day.AddHours(13));
        var settings = AgentSettings.ForFile(log.Path, directory.File("incidents.jsonl"));
        var crash = new CrashAt(step, sequence: 3);

        string serviceId;
        await using (var first = await AgentTestCluster.StartAsync(settings, interruption: crash))
        {
            serviceId = first.ServiceId;
            var poller = first.Grains.GetGrain<ISourcePollerGrain>(AgentSettings.SourceName);
            await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                for (var poll = 0; poll < 10; poll++)
                {
                    await poller.PollNowAsync();
                }
            });
        }

        Assert.True(crash.Fired);
        await using var second = await AgentTestCluster.StartAsync(settings, serviceId);
        await second.PollToEndAsync(AgentSettings.SourceName);

        Assert.Equal(log.LinesWritten, CountedLines(await second.PatternsAsync()));
    }

    /// <summary>Lines counted by the patterns that still stand; a merged pattern's lines live on in its target.</summary>
    private static long CountedLines(IEnumerable<PatternSummary> patterns) =>
        patterns.Where(pattern => pattern.MergedInto is null).Sum(pattern => pattern.TotalCount);

    /// <summary>Throws once at one step of one poll, as a process crash there would end the poll.</summary>
    private sealed class CrashAt(PollStep step, long sequence) : IPollInterruption
    {
        public bool Fired { get; private set; }

        public void At(string pollerKey, long pollSequence, PollStep pollStep)
        {
            if (!Fired && pollStep == step && pollSequence == sequence)
            {
                Fired = true;
                throw new InvalidOperationException($"Simulated crash at {step} of poll {sequence}.");
            }
        }
    }
}
