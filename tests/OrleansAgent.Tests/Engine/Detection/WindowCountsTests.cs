using OrleansAgent.Grains.Engine.Detection;

namespace OrleansAgent.Tests.Engine.Detection;

public sealed class WindowCountsTests
{
    [Fact]
    public void AddSumsCountsPerWindowInAscendingOrder()
    {
        var windows = new WindowCounts();

        windows.Add(300, 1);
        windows.Add(100, 2);
        windows.Add(300, 4);
        windows.Add(200, 1);
        windows.Add(100, 1);

        Assert.Equal(
            [new KeyValuePair<long, long>(100, 3), new KeyValuePair<long, long>(200, 1), new KeyValuePair<long, long>(300, 5)],
            windows.ToList());
        Assert.Equal(3, windows.Count);
    }
}
