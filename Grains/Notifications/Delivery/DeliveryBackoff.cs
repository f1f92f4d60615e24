namespace OrleansAgent.Grains.Notifications.Delivery;

/// <summary>
/// Retry delays for notification deliveries: exponential from <see cref="BaseDelay"/>, capped at
/// <see cref="MaxDelay"/>, with "equal jitter" (half fixed, half random) so retries of many incidents spread
/// out but never retry sooner than half the exponential step.
/// </summary>
public static class DeliveryBackoff
{
    /// <summary>The delay before the second attempt, before jitter.</summary>
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(5);

    /// <summary>The largest delay returned, jitter included.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(10);

    /// <summary>Returns the delay after failed attempt number <paramref name="attempt"/> (1 for the first).</summary>
    public static TimeSpan NextDelay(int attempt) => NextDelay(attempt, Random.Shared);

    /// <summary>Returns the delay after failed attempt <paramref name="attempt"/>, drawing jitter from <paramref name="random"/>.</summary>
    public static TimeSpan NextDelay(int attempt, Random random) => NextDelay(attempt, random, BaseDelay, MaxDelay);

    /// <summary>
    /// Returns the delay after failed attempt <paramref name="attempt"/> for a configured
    /// <paramref name="baseDelay"/> and <paramref name="maxDelay"/>, drawing jitter from <paramref name="random"/>.
    /// </summary>
    public static TimeSpan NextDelay(int attempt, Random random, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);

        // Cap the exponent before shifting so a large attempt count cannot overflow.
        var exponent = Math.Min(attempt - 1, 20);
        var step = Math.Min(baseDelay.TotalMilliseconds * (1L << exponent), maxDelay.TotalMilliseconds);
        var half = step / 2;
        return TimeSpan.FromMilliseconds(half + (random.NextDouble() * half));
    }

    /// <summary>
    /// Returns the delay after a failed attempt, never shorter than the wait the service asked for in
    /// <see cref="DeliveryResult.RetryAfter"/> (which may exceed <see cref="MaxDelay"/>).
    /// </summary>
    public static TimeSpan NextDelay(int attempt, DeliveryResult result)
    {
        var delay = NextDelay(attempt);
        return result.RetryAfter is { } retryAfter && retryAfter > delay ? retryAfter : delay;
    }
}
