using OrleansAgent.Grains.Engine.Baseline;

namespace OrleansAgent.Tests.Engine.Baseline;

/// <summary>Deterministic event streams for baseline tests.</summary>
internal static class BaselineTestData
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset Window(int index) => Start.AddMinutes(index);

    /// <summary>Poisson sample by Knuth's multiplication method; fine for the small means used in tests.</summary>
    public static long Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        long count = 0;
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }

    /// <summary>Feeds <paramref name="windows"/> windows of a constant count, starting at window <paramref name="first"/>.</summary>
    public static void FeedConstant(RateBaseline baseline, int first, int windows, long count)
    {
        for (var i = first; i < first + windows; i++)
        {
            baseline.Add(Window(i).AddSeconds(30), count);
        }
    }
}

/// <summary>Equality checks for baseline states, whose records hold lists.</summary>
internal static class BaselineAssert
{
    public static void SameState(BaselineState expected, BaselineState actual)
    {
        Assert.Equal(expected with { Recent = actual.Recent }, actual);
        Assert.Equal(expected.Recent, actual.Recent);
    }

    public static void SameStateWithin(BaselineState expected, BaselineState actual, double tolerance)
    {
        Assert.Equal(expected.Mean, actual.Mean, tolerance);
        Assert.Equal(expected.Variance, actual.Variance, tolerance);
        Assert.Equal(expected with { Mean = actual.Mean, Variance = actual.Variance, Recent = actual.Recent }, actual);
        Assert.Equal(expected.Recent.Select(w => (w.Start, w.Count, w.Folded)), actual.Recent.Select(w => (w.Start, w.Count, w.Folded)));
    }
}
