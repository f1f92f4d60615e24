using OrleansAgent.Grains.Engine.Baseline;
using static OrleansAgent.Tests.Engine.Baseline.BaselineTestData;

namespace OrleansAgent.Tests.Engine.Baseline;

public sealed class RateBaselineOrderTests
{
    [Fact]
    public void OutOfOrderEventInRecentWindowRefoldsExactly()
    {
        var inOrder = new RateBaseline(new BaselineOptions());
        var late = new RateBaseline(new BaselineOptions());
        FeedConstant(inOrder, 0, 100, 10);
        FeedConstant(late, 0, 100, 10);

        inOrder.Add(Window(100), 50);
        inOrder.Add(Window(105), 10);
        late.Add(Window(100), 20);
        late.Add(Window(105), 10);
        late.Add(Window(100), 30);

        BaselineAssert.SameStateWithin(inOrder.ToState(), late.ToState(), 1e-9);
        Assert.Equal(0, late.LateEvents);
    }

    [Fact]
    public void ShuffledEventsWithinRecentRangeGiveSameBaseline()
    {
        var random = new Random(5);
        var events = new List<(DateTimeOffset Time, long Count)>();
        for (var i = 0; i < 400; i++)
        {
            events.Add((Window(i).AddSeconds(random.Next(60)), Poisson(random, 6)));
        }

        var inOrder = new RateBaseline(new BaselineOptions());
        foreach (var (time, count) in events)
        {
            inOrder.Add(time, count);
        }

        // Swap each event with one up to 20 windows later, well inside the 60 recent windows.
        var shuffled = events.ToList();
        for (var i = 35; i < shuffled.Count - 20; i += 7)
        {
            (shuffled[i], shuffled[i + 20]) = (shuffled[i + 20], shuffled[i]);
        }

        var outOfOrder = new RateBaseline(new BaselineOptions());
        foreach (var (time, count) in shuffled)
        {
            outOfOrder.Add(time, count);
        }

        BaselineAssert.SameStateWithin(inOrder.ToState(), outOfOrder.ToState(), 1e-6);
        Assert.Equal(0, outOfOrder.LateEvents);
    }

    [Fact]
    public void RefoldOfFirstWindowKeepsInitialisationRule()
    {
        var inOrder = new RateBaseline(new BaselineOptions());
        var late = new RateBaseline(new BaselineOptions());

        inOrder.Add(Window(0), 12);
        inOrder.Add(Window(3), 1);
        late.Add(Window(0), 5);
        late.Add(Window(3), 1);
        late.Add(Window(0), 7);

        BaselineAssert.SameStateWithin(inOrder.ToState(), late.ToState(), 1e-9);
    }

    [Fact]
    public void EventOlderThanRecentWindowsIsLate()
    {
        var baseline = new RateBaseline(new BaselineOptions { RecentWindows = 10 });
        FeedConstant(baseline, 0, 100, 10);
        var meanBefore = baseline.Mean;

        baseline.Add(Window(50), 4);
        var assessment = baseline.Assess();

        Assert.Equal(4, baseline.LateEvents);
        Assert.Equal(4, assessment.LateCount);
        Assert.Equal(10, assessment.WindowCount);
        Assert.Equal(meanBefore, baseline.Mean);
    }

    [Fact]
    public void EventInSkippedGapWindowIsLate()
    {
        var baseline = new RateBaseline(new BaselineOptions());
        FeedConstant(baseline, 0, 100, 10);
        baseline.Add(Window(200), 10);
        var meanBefore = baseline.Mean;

        // Window 190 lies in the part of the gap beyond MaxZeroFillGap, which was never folded.
        baseline.Add(Window(190), 6);

        Assert.Equal(6, baseline.LateEvents);
        Assert.Equal(meanBefore, baseline.Mean);
    }

    [Fact]
    public void BackwardClockJumpNeverSpikes()
    {
        var baseline = new RateBaseline(new BaselineOptions());
        FeedConstant(baseline, 0, 200, 20);
        var mean = baseline.Mean;
        var spikes = 0;

        // A producer's clock jumps back a day and keeps sending its usual rate for an hour of arrival time.
        for (var i = 0; i < 60; i++)
        {
            for (var second = 0; second < 60; second += 3)
            {
                baseline.Add(Window(199 - (24 * 60) + i).AddSeconds(second), 1);
                spikes += baseline.Assess().IsSpike ? 1 : 0;
            }
        }

        Assert.Equal(0, spikes);
        Assert.Equal(60 * 20, baseline.LateEvents);
        Assert.Equal(mean, baseline.Mean);
        Assert.Equal(20, baseline.Assess().WindowCount);
    }

    [Fact]
    public void LateEventsAreNotFoldedWhenWindowCloses()
    {
        var baseline = new RateBaseline(new BaselineOptions());
        FeedConstant(baseline, 0, 100, 10);
        baseline.Add(Window(0), 1000);

        baseline.Add(Window(100), 10);

        Assert.Equal(10, baseline.Mean, 9);
        Assert.Equal(0, baseline.Assess().LateCount);
        Assert.Equal(1000, baseline.LateEvents);
    }
}
