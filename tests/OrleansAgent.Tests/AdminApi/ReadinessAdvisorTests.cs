using OrleansAgent.AdminApi.Modes;
using OrleansAgent.AdminApi.Shadow;
using OrleansAgent.Grains.Interfaces.Modes;
using OrleansAgent.Grains.Interfaces.Shadow;

namespace OrleansAgent.Tests.AdminApi;

/// <summary>The measurements behind the readiness report and the daily shadow precision.</summary>
public sealed class ReadinessAdvisorTests
{
    private static readonly DateTimeOffset End = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GrowthCountsFirstSightingsPerHourEndingAtTheNewest()
    {
        var firstSeen = new[] { End.AddHours(-30), End.AddHours(-2.5), End.AddHours(-0.5), End.AddMinutes(-1), End };

        var growth = ReadinessAdvisor.MeasureGrowth(firstSeen, 3);

        Assert.Equal(5, growth.Patterns);
        Assert.Equal(End, growth.End);
        Assert.Equal([1, 0, 3], growth.PerHour.ToArray());
        Assert.Equal(4, growth.NewInWindow);
        Assert.Equal(4 / 3.0, growth.NewPerHour, 6);
    }

    [Fact]
    public void TrainingRecommendsShadowOnceTheCatalogSettles()
    {
        var settled = ReadinessAdvisor.MeasureGrowth([.. Enumerable.Range(0, 500).Select(hour => End.AddHours(-100 - hour)), End], 24);
        var growing = ReadinessAdvisor.MeasureGrowth([.. Enumerable.Range(0, 200).Select(minute => End.AddMinutes(-minute * 5))], 24);
        var noPrecision = new ShadowPrecision(0, 0, 0, 0, null);

        var settledAdvice = ReadinessAdvisor.Recommend(AgentMode.Training, settled, noPrecision);
        var growingAdvice = ReadinessAdvisor.Recommend(AgentMode.Training, growing, noPrecision);

        Assert.Contains("switch to shadow", settledAdvice);
        Assert.Contains("keep training", growingAdvice);
    }

    [Fact]
    public void ShadowRecommendsDetectOnlyWithEnoughPreciseReviews()
    {
        var growth = ReadinessAdvisor.MeasureGrowth([End], 24);

        var few = ReadinessAdvisor.Recommend(AgentMode.Shadow, growth, new ShadowPrecision(50, 5, 5, 0, 1.0));
        var precise = ReadinessAdvisor.Recommend(AgentMode.Shadow, growth, new ShadowPrecision(50, 25, 22, 3, 0.88));
        var noisy = ReadinessAdvisor.Recommend(AgentMode.Shadow, growth, new ShadowPrecision(50, 25, 10, 15, 0.4));

        Assert.Contains("review at least", few);
        Assert.Contains("switch to detect", precise);
        Assert.Contains("stay in shadow", noisy);
    }

    [Fact]
    public void DailyPrecisionBucketsByReviewDay()
    {
        var entries = new[]
        {
            Entry("a", End.AddDays(-1), true),
            Entry("b", End.AddDays(-1).AddHours(3), false),
            Entry("c", End, true),
            Entry("d", null, false),
        };

        var days = ShadowPrecisionHistory.Bucket(entries);

        Assert.Equal(2, days.Length);
        Assert.Equal(DateOnly.FromDateTime(End.AddDays(-1).UtcDateTime), days[0].Day);
        Assert.Equal(0.5, days[0].Precision);
        Assert.Equal(2, days[0].Reviewed);
        Assert.Equal(1.0, days[1].Precision);
    }

    private static ShadowEntry Entry(string id, DateTimeOffset? reviewedAt, bool real) => new(
        id, "app", "p-" + id, "template", Verdict.Unknown, null, 1, 1, End, End, [], "reason",
        reviewedAt is { } at ? new ShadowReview(real, "tester", at, null) : null);
}
