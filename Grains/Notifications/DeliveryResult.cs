namespace OrleansAgent.Grains.Notifications;

/// <summary>
/// The outcome of one delivery attempt. <see cref="Error"/> never contains a token, a webhook URL or any other
/// configured secret, so it is safe to log and to store in grain state.
/// </summary>
/// <param name="Success">True when the service accepted the notification.</param>
/// <param name="IsTransient">True when a later attempt may succeed (rate limit, timeout, 5xx).</param>
/// <param name="Error">What failed, or null on success.</param>
/// <param name="RetryAfter">The wait the service asked for, when it named one.</param>
[GenerateSerializer, Immutable, Alias("DeliveryResult")]
public readonly record struct DeliveryResult(bool Success, bool IsTransient, string? Error, TimeSpan? RetryAfter)
{
    public static DeliveryResult Delivered { get; } = new(true, false, null, null);

    public static DeliveryResult Transient(string error, TimeSpan? retryAfter = null) =>
        new(false, true, error, retryAfter);

    public static DeliveryResult Permanent(string error) => new(false, false, error, null);
}
