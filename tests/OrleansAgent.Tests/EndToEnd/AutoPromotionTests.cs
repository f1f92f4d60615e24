using OrleansAgent.Grains.Interfaces.Patterns;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.EndToEnd;

/// <summary>A candidate pattern seen in more than N windows becomes known in detect mode; N = 0 turns that off.</summary>
public sealed class AutoPromotionTests
{
    private static readonly DateTimeOffset Start = SampleLog.Day.AddHours(9);

    [Theory]
    [InlineData(3, true)]
    [InlineData(0, false)]
    [InlineData(1000, false)]
    public async Task CandidatesArePromotedAfterConfiguredWindows(int windows, bool expectPromotion)
    {
        using var directory = new TestDirectory();
        var log = new SampleLog(directory.File("app.log"));
        log.Append(Start, Start.AddMinutes(20));
        var settings = AgentSettings.ForFile(log.Path, directory.File("incidents.jsonl"));
        settings["Agent:Detection:InitialMode"] = "Shadow";
        settings["Agent:Detection:AutoPromoteAfterWindows"] = windows.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var agent = await AgentTestCluster.StartAsync(settings);

        await agent.PollToEndAsync(AgentSettings.SourceName);
        var patterns = await agent.PatternsAsync();
        var promoted = patterns.Where(pattern => pattern.Status == PatternStatus.Known).ToList();

        Assert.NotEmpty(patterns);
        Assert.Equal(expectPromotion, promoted.Count > 0);
        foreach (var pattern in promoted)
        {
            var details = await agent.Grains.GetGrain<IPatternGrain>(pattern.PatternId).GetAsync();
            Assert.True(details!.BaselineWindows + 1 > windows, $"{pattern.PatternId} was promoted after {details.BaselineWindows} closed windows");
        }
    }
}
