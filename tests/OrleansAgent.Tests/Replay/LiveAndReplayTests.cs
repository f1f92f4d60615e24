using OrleansAgent.Grains.Interfaces.Patterns;
using OrleansAgent.Grains.Interfaces.Sources;
using OrleansAgent.Tests.EndToEnd;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.Replay;

/// <summary>Event-time baselines make a log read live, minute by minute, and the same log read at once agree.</summary>
public sealed class LiveAndReplayTests
{
    [Fact]
    public async Task LiveAndHistoryGiveSamePatternsBaselinesAndVerdicts()
    {
        using var directory = new TestDirectory();
        var start = SampleLog.Day.AddHours(9);
        var end = start.AddHours(2);

        var history = new SampleLog(directory.File("history.log"));
        var lines = history.Append(start, end);

        var livePath = directory.File("live.log");
        await using var liveAgent = await AgentTestCluster.StartAsync(AgentSettings.ForFile(livePath, directory.File("live.jsonl")));
        foreach (var minute in lines.GroupBy(line => line.Time.UtcTicks / TimeSpan.TicksPerMinute))
        {
            File.AppendAllLines(livePath, minute.Select(line => line.Text));
            await liveAgent.PollToEndAsync(AgentSettings.SourceName);
        }

        await using var historyAgent = await AgentTestCluster.StartAsync(
            AgentSettings.ForFile(history.Path, directory.File("history.jsonl"), maxEventsPerPoll: 5000));
        await historyAgent.PollToEndAsync(AgentSettings.SourceName);

        Assert.Equal(history.LinesWritten, File.ReadLines(livePath).LongCount());
        var livePatterns = (await liveAgent.PatternsAsync()).Where(pattern => pattern.MergedInto is null).ToDictionary(pattern => pattern.PatternId);
        var historyPatterns = (await historyAgent.PatternsAsync()).Where(pattern => pattern.MergedInto is null).ToDictionary(pattern => pattern.PatternId);
        Assert.Equal(livePatterns.Keys.Order(), historyPatterns.Keys.Order());
        foreach (var (id, livePattern) in livePatterns)
        {
            var historyPattern = historyPatterns[id];
            Assert.Equal(livePattern.TotalCount, historyPattern.TotalCount);
            Assert.Equal(livePattern.BaselineMean, historyPattern.BaselineMean, precision: 6);
            Assert.Equal(livePattern.LastVerdict, historyPattern.LastVerdict);
        }

        var liveVerdicts = (await liveAgent.Grains.GetGrain<ISourcePollerGrain>(AgentSettings.SourceName).GetStatusAsync()).VerdictLines;
        var historyVerdicts = (await historyAgent.Grains.GetGrain<ISourcePollerGrain>(AgentSettings.SourceName).GetStatusAsync()).VerdictLines;
        var spikes = new List<string>();
        foreach (var id in historyPatterns.Keys)
        {
            var details = await historyAgent.Grains.GetGrain<IPatternGrain>(id).GetAsync();
            spikes.AddRange(details!.Trail.Where(entry => entry.Verdict == Verdict.Spike).Select(entry => $"{details.Summary.Template} {entry.Reason}"));
        }

        Assert.True(spikes.Count == 0, string.Join(" | ", spikes));
        Assert.Equal(liveVerdicts.OrderBy(entry => entry.Key), historyVerdicts.OrderBy(entry => entry.Key));
    }
}
