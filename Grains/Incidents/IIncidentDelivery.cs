using OrleansAgent.Grains.Interfaces.Incidents;

namespace OrleansAgent.Grains.Incidents;

/// <summary>
/// Sends incident events to notification channels. The incident grain keeps one outbox item per routed
/// channel and calls <see cref="DeliverAsync"/> until it succeeds or the attempt bound is reached.
/// </summary>
public interface IIncidentDelivery
{
    /// <summary>Returns the channels that receive event <paramref name="eventKind"/> of <paramref name="incident"/>.</summary>
    IReadOnlyList<string> Route(IncidentDetails incident, string eventKind);

    /// <summary>Sends one event of <paramref name="incident"/> to <paramref name="channel"/>.</summary>
    Task<ChannelDeliveryResult> DeliverAsync(string channel, IncidentDetails incident, string eventKind, CancellationToken cancellationToken);

    /// <summary>The delay before retry number <paramref name="attempt"/> (1-based).</summary>
    TimeSpan RetryDelay(int attempt);

    /// <summary>Attempts after which a delivery is marked failed.</summary>
    int MaxAttempts { get; }
}

/// <summary>The outcome of one delivery attempt. <paramref name="Error"/> never contains a secret.</summary>
public readonly record struct ChannelDeliveryResult(bool Success, bool IsTransient, string? Error, TimeSpan? RetryAfter);

/// <summary>A delivery with no channels configured: incidents go to the log and the JSON-lines file only.</summary>
public sealed class NoChannelDelivery : IIncidentDelivery
{
    public int MaxAttempts => 1;

    public IReadOnlyList<string> Route(IncidentDetails incident, string eventKind) => [];

    public Task<ChannelDeliveryResult> DeliverAsync(string channel, IncidentDetails incident, string eventKind, CancellationToken cancellationToken) =>
        Task.FromResult(new ChannelDeliveryResult(false, false, $"Channel '{channel}' is not configured.", null));

    public TimeSpan RetryDelay(int attempt) => TimeSpan.Zero;
}
