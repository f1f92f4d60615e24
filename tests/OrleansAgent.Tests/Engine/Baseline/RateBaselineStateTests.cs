using System.Text.Json;
using OrleansAgent.Grains.Engine.Baseline;
using static OrleansAgent.Tests.Engine.Baseline.BaselineTestData;

namespace OrleansAgent.Tests.Engine.Baseline;

public sealed class RateBaselineStateTests
{
    [Fact]
    public void JsonRoundTripGivesIdenticalAssessments()
    {
        var options = new BaselineOptions();
        var original = BuildHistory(options);

        var json = JsonSerializer.Serialize(original.ToState());
        var restored = RateBaseline.FromState(JsonSerializer.Deserialize<BaselineState>(json)!, options);

        Assert.Equal(original.Assess(), restored.Assess());
        BaselineAssert.SameState(original.ToState(), restored.ToState());

        var random = new Random(99);
        for (var i = 400; i < 700; i++)
        {
            var count = i == 650 ? 300 : Poisson(random, 8);
            var time = Window(i - (i % 9 == 0 ? 3 : 0));
            original.Add(time, count);
            restored.Add(time, count);
            Assert.Equal(original.Assess(), restored.Assess());
        }
    }

    [Fact]
    public void StateRoundTripKeepsCounters()
    {
        var options = new BaselineOptions();
        var original = BuildHistory(options);

        var restored = RateBaseline.FromState(original.ToState(), options);

        Assert.Equal(original.LateEvents, restored.LateEvents);
        Assert.Equal(original.ClosedWindows, restored.ClosedWindows);
        Assert.Equal(original.RecentWindows, restored.RecentWindows);
    }

    [Fact]
    public void FromStateRejectsOtherWindowSize()
    {
        var state = BuildHistory(new BaselineOptions()).ToState();

        var error = Assert.Throws<ArgumentException>(() => RateBaseline.FromState(state, new BaselineOptions { WindowSize = TimeSpan.FromMinutes(5) }));

        Assert.Contains("Baseline:WindowSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromStateRejectsNonFiniteMean()
    {
        var state = BuildHistory(new BaselineOptions()).ToState() with { Mean = double.NaN };

        var error = Assert.Throws<ArgumentException>(() => RateBaseline.FromState(state, new BaselineOptions()));

        Assert.Contains("finite", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromStateRejectsUnorderedRecentWindows()
    {
        var state = BuildHistory(new BaselineOptions()).ToState();
        var reversed = state with { Recent = state.Recent.Reverse().ToList() };

        var error = Assert.Throws<ArgumentException>(() => RateBaseline.FromState(reversed, new BaselineOptions()));

        Assert.Contains("out of order", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromStateTrimsRecentWindowsToOptions()
    {
        var state = BuildHistory(new BaselineOptions()).ToState();

        var restored = RateBaseline.FromState(state, new BaselineOptions { RecentWindows = 5 });

        Assert.Equal(5, restored.RecentWindows.Count);
        Assert.Equal(state.Recent[^1].Start, restored.RecentWindows[^2].Start);
    }

    private static RateBaseline BuildHistory(BaselineOptions options)
    {
        var random = new Random(3);
        var baseline = new RateBaseline(options);
        for (var i = 0; i < 200; i++)
        {
            baseline.Add(Window(i), Poisson(random, 8));
        }

        baseline.Add(Window(350), 9);
        baseline.Add(Window(348), 2);
        baseline.Add(Window(10), 5);
        for (var i = 351; i < 400; i++)
        {
            baseline.Add(Window(i), Poisson(random, 8));
        }

        return baseline;
    }
}
