using OrleansAgent.Grains.Engine.Baseline;
using static OrleansAgent.Tests.Engine.Baseline.BaselineTestData;

namespace OrleansAgent.Tests.Engine.Baseline;

public sealed class RateBaselineTimeTests
{
    [Fact]
    public void EventsInSameWindowShareAlignedWindow()
    {
        var baseline = new RateBaseline(new BaselineOptions());

        baseline.Add(Start.AddSeconds(1), 2);
        baseline.Add(Start.AddSeconds(59.999), 3);

        var window = Assert.Single(baseline.RecentWindows);
        Assert.Equal(new WindowCount(Start, 5), window);
    }

    [Fact]
    public void WindowsAlignInUtcForAnyOffset()
    {
        var baseline = new RateBaseline(new BaselineOptions { WindowSize = TimeSpan.FromHours(1) });

        baseline.Add(new DateTimeOffset(2026, 3, 1, 5, 40, 0, TimeSpan.FromMinutes(30)), 1);

        Assert.Equal(new DateTimeOffset(2026, 3, 1, 5, 0, 0, TimeSpan.Zero), baseline.OpenWindowStart);
    }

    [Fact]
    public void LaterWindowFoldsEmptyWindowsInBetween()
    {
        var baseline = new RateBaseline(new BaselineOptions());
        baseline.Add(Window(0), 10);

        baseline.Add(Window(4), 1);

        Assert.Equal(4, baseline.ClosedWindows);
        Assert.Equal([10L, 0, 0, 0, 1], baseline.RecentWindows.Select(w => w.Count));
        Assert.Equal(10 * Math.Pow(0.95, 3), baseline.Mean, 9);
    }

    [Fact]
    public void ClosedFormGapEqualsStepwiseZeros()
    {
        var options = new BaselineOptions { RecentWindows = 5 };
        var jumped = new RateBaseline(options);
        var stepped = new RateBaseline(options);
        FeedConstant(jumped, 0, 40, 25);
        FeedConstant(stepped, 0, 40, 25);

        jumped.Add(Window(70), 3);
        for (var i = 40; i < 70; i++)
        {
            stepped.Add(Window(i), 0);
        }

        stepped.Add(Window(70), 3);

        Assert.Equal(stepped.Mean, jumped.Mean, 9);
        Assert.Equal(stepped.Variance, jumped.Variance, 9);
        Assert.Equal(stepped.ClosedWindows, jumped.ClosedWindows);
    }

    [Fact]
    public void LongGapFoldsAtMostMaxZeroFillGap()
    {
        var options = new BaselineOptions();
        var baseline = new RateBaseline(options);
        FeedConstant(baseline, 0, 60, 20);

        baseline.Add(Window(60 + (5 * 60)), 20);

        Assert.Equal(60 + 30, baseline.ClosedWindows);
        Assert.Equal(20 * Math.Pow(0.95, 30), baseline.Mean, 9);
    }

    [Fact]
    public void NormalCountAfterMultiHourGapDoesNotSpike()
    {
        var baseline = new RateBaseline(new BaselineOptions());
        FeedConstant(baseline, 0, 120, 20);

        baseline.Add(Window(120 + (5 * 60)), 20);
        var assessment = baseline.Assess();

        Assert.False(assessment.IsSpike, assessment.Reason);
        Assert.InRange(assessment.ZScore, 0, 2.5);
    }

    [Fact]
    public void NormalCountAfterMultiDayGapDoesNotSpike()
    {
        var baseline = new RateBaseline(new BaselineOptions());
        FeedConstant(baseline, 0, 120, 500);

        baseline.Add(Window(120 + (3 * 24 * 60)), 500);

        Assert.False(baseline.Assess().IsSpike, baseline.Assess().Reason);
    }

    [Fact]
    public void BurstAfterShortGapStillSpikes()
    {
        var baseline = new RateBaseline(new BaselineOptions());
        FeedConstant(baseline, 0, 120, 20);

        baseline.Add(Window(130), 200);

        Assert.True(baseline.Assess().IsSpike, baseline.Assess().Reason);
    }

    [Fact]
    public void RecentWindowsStayBounded()
    {
        var baseline = new RateBaseline(new BaselineOptions { RecentWindows = 60 });
        FeedConstant(baseline, 0, 500, 3);

        var recent = baseline.RecentWindows;

        Assert.Equal(60, recent.Count);
        Assert.Equal(Window(499), recent[^1].Start);
        Assert.Equal(Window(440), recent[0].Start);
    }

    [Fact]
    public void RecentWindowsAfterLongGapShowZeros()
    {
        var baseline = new RateBaseline(new BaselineOptions { RecentWindows = 10 });
        FeedConstant(baseline, 0, 5, 3);

        baseline.Add(Window(1000), 7);

        Assert.Equal(Enumerable.Repeat(0L, 9).Append(7), baseline.RecentWindows.Select(w => w.Count));
        Assert.Equal(Window(991), baseline.RecentWindows[0].Start);
    }

    [Fact]
    public void BatchedAndSingleEventsGiveSameBaseline()
    {
        var random = new Random(11);
        var batched = new RateBaseline(new BaselineOptions());
        var single = new RateBaseline(new BaselineOptions());

        for (var i = 0; i < 300; i++)
        {
            var count = Poisson(random, 4);
            batched.Add(Window(i), count);
            for (var e = 0; e < count; e++)
            {
                single.Add(Window(i).AddSeconds(e % 60), 1);
            }
        }

        BaselineAssert.SameState(batched.ToState(), single.ToState());
    }

    [Fact]
    public void AddWindowCountsEqualsAdd()
    {
        var viaAdd = new RateBaseline(new BaselineOptions());
        var viaWindows = new RateBaseline(new BaselineOptions());
        (DateTimeOffset, long)[] windows = [(Window(0), 4), (Window(1), 0), (Window(5), 9), (Window(6), 2)];

        foreach (var (start, count) in windows)
        {
            viaAdd.Add(start, count);
        }

        viaWindows.AddWindowCounts(windows);

        Assert.Equal(viaAdd.Assess(), viaWindows.Assess());
    }

    [Fact]
    public void NegativeCountIsRejected()
    {
        var baseline = new RateBaseline(new BaselineOptions());

        Assert.Throws<ArgumentOutOfRangeException>(() => baseline.Add(Start, -1));
    }

    [Fact]
    public void ResetForgetsEverything()
    {
        var baseline = new RateBaseline(new BaselineOptions());
        FeedConstant(baseline, 0, 50, 5);
        baseline.Add(Window(-500), 3);

        baseline.Reset();

        BaselineAssert.SameState(new RateBaseline(new BaselineOptions()).ToState(), baseline.ToState());
        Assert.Empty(baseline.RecentWindows);
    }
}
