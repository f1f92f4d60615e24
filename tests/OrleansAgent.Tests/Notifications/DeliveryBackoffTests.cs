using OrleansAgent.Grains.Notifications;
using OrleansAgent.Grains.Notifications.Delivery;

namespace OrleansAgent.Tests.Notifications;

public sealed class DeliveryBackoffTests
{
    [Theory]
    [InlineData(1, 2.5, 5)]
    [InlineData(2, 5, 10)]
    [InlineData(3, 10, 20)]
    [InlineData(5, 40, 80)]
    public void DelayGrowsExponentiallyWithinJitterBand(int attempt, double minSeconds, double maxSeconds)
    {
        var random = new Random(7);

        var delays = Enumerable.Range(0, 200).Select(_ => DeliveryBackoff.NextDelay(attempt, random)).ToArray();

        Assert.All(delays, d => Assert.InRange(d.TotalSeconds, minSeconds, maxSeconds));
        Assert.True(delays.Distinct().Count() > 1, "jitter produced one value only");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(64)]
    [InlineData(int.MaxValue)]
    public void DelayIsCapped(int attempt)
    {
        var delay = DeliveryBackoff.NextDelay(attempt, new Random(1));

        Assert.InRange(delay, DeliveryBackoff.MaxDelay / 2, DeliveryBackoff.MaxDelay);
    }

    [Fact]
    public void RetryAfterLongerThanDelayWins()
    {
        var result = DeliveryResult.Transient("rate limited", TimeSpan.FromHours(1));

        var delay = DeliveryBackoff.NextDelay(1, result);

        Assert.Equal(TimeSpan.FromHours(1), delay);
    }

    [Fact]
    public void ZeroAttemptIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DeliveryBackoff.NextDelay(0));
    }
}
