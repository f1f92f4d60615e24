using OrleansAgent.Grains.Engine.Baseline;
using static OrleansAgent.Tests.Engine.Baseline.BaselineTestData;

namespace OrleansAgent.Tests.Engine.Baseline;

public sealed class RateBaselineSpikeTests
{
    [Theory]
    [InlineData(1, 5.0)]
    [InlineData(2, 20.0)]
    [InlineData(3, 200.0)]
    public void SteadyPoissonRateNeverSpikes(int seed, double rate)
    {
        var random = new Random(seed);
        var baseline = new RateBaseline(new BaselineOptions());
        var spikes = new List<string>();

        for (var i = 0; i < 20_000; i++)
        {
            baseline.Add(Window(i), Poisson(random, rate));
            var assessment = baseline.Assess();
            if (assessment.IsSpike)
            {
                spikes.Add($"window {i}: {assessment.Reason}");
            }
        }

        Assert.Empty(spikes);
    }

    [Fact]
    public void TenfoldBurstSpikes()
    {
        var random = new Random(7);
        var baseline = new RateBaseline(new BaselineOptions());
        for (var i = 0; i < 120; i++)
        {
            baseline.Add(Window(i), Poisson(random, 20));
        }

        baseline.Add(Window(120), 200);
        var assessment = baseline.Assess();

        Assert.True(assessment.IsSpike, assessment.Reason);
        Assert.StartsWith("spike:", assessment.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void BurstAccumulatesWithinOpenWindow()
    {
        var baseline = new RateBaseline(new BaselineOptions());
        FeedConstant(baseline, 0, 60, 20);

        for (var second = 0; second < 60; second++)
        {
            baseline.Add(Window(60).AddSeconds(second), 4);
        }

        var assessment = baseline.Assess();
        Assert.Equal(240, assessment.WindowCount);
        Assert.True(assessment.IsSpike, assessment.Reason);
    }

    [Fact]
    public void WarmupSuppressesSpike()
    {
        var baseline = new RateBaseline(new BaselineOptions { WarmupWindows = 30 });
        FeedConstant(baseline, 0, 10, 20);

        baseline.Add(Window(10), 500);
        var assessment = baseline.Assess();

        Assert.False(assessment.IsSpike);
        Assert.Contains("warming up: 10 of 30", assessment.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroWarmupAllowsImmediateSpike()
    {
        var baseline = new RateBaseline(new BaselineOptions { WarmupWindows = 0 });
        FeedConstant(baseline, 0, 3, 20);

        baseline.Add(Window(3), 500);

        Assert.True(baseline.Assess().IsSpike);
    }

    [Fact]
    public void LowCountDoesNotSpike()
    {
        var baseline = new RateBaseline(new BaselineOptions());
        for (var i = 0; i < 300; i++)
        {
            baseline.Add(Window(i), i % 10 == 0 ? 1 : 0);
        }

        baseline.Add(Window(300), 3);
        var assessment = baseline.Assess();

        Assert.InRange(assessment.Mean, 0.01, 0.2);
        Assert.False(assessment.IsSpike);
        Assert.Contains("below the minimum of 10", assessment.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ConstantRatePlusOneDoesNotSpike()
    {
        var baseline = new RateBaseline(new BaselineOptions { MinSpikeCount = 1, MinSpikeRatio = 1 });
        FeedConstant(baseline, 0, 100, 10);

        baseline.Add(Window(100), 11);
        var assessment = baseline.Assess();

        Assert.Equal(0, baseline.Variance, 9);
        Assert.False(assessment.IsSpike);
        Assert.Contains("z-score", assessment.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RatioBelowMinimumDoesNotSpike()
    {
        var baseline = new RateBaseline(new BaselineOptions { SpikeZScore = 1, MaxZeroFillGap = TimeSpan.Zero });
        FeedConstant(baseline, 0, 100, 100);

        baseline.Add(Window(100), 250);
        var assessment = baseline.Assess();

        Assert.False(assessment.IsSpike);
        Assert.Contains("below the minimum ratio", assessment.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PermanentLevelShiftStopsSpiking()
    {
        var baseline = new RateBaseline(new BaselineOptions());
        FeedConstant(baseline, 0, 60, 10);
        var spikeWindows = new List<int>();

        for (var i = 60; i < 300; i++)
        {
            baseline.Add(Window(i), 100);
            if (baseline.Assess().IsSpike)
            {
                spikeWindows.Add(i);
            }
        }

        Assert.Contains(60, spikeWindows);
        Assert.True(spikeWindows.Max() < 70, $"still spiking at window {spikeWindows.Max()}");
        Assert.InRange(baseline.Mean, 99, 100);
    }

    [Fact]
    public void AssessBeforeFirstEventIsNotSpike()
    {
        var baseline = new RateBaseline(new BaselineOptions());

        var assessment = baseline.Assess();

        Assert.False(assessment.IsSpike);
        Assert.Null(assessment.WindowStart);
        Assert.Equal("no events yet", assessment.Reason);
    }

    [Fact]
    public void ZScoreUsesPoissonFlooredVariance()
    {
        var baseline = new RateBaseline(new BaselineOptions());
        FeedConstant(baseline, 0, 50, 16);

        baseline.Add(Window(50), 24);
        var assessment = baseline.Assess();

        Assert.Equal(4.0, assessment.StdDev, 9);
        Assert.Equal(2.0, assessment.ZScore, 9);
        Assert.Equal(1.5, assessment.Ratio, 9);
    }
}
