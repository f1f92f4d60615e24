using Microsoft.Extensions.Logging;
using OrleansAgent.Grains.Notifications.Configuration;

namespace OrleansAgent.Grains.Notifications.Delivery;

/// <summary>
/// The entry point for the incident grain: routes a notification to channel names and sends it to one
/// channel per call. Retrying is the caller's job (see <see cref="DeliveryBackoff"/>).
/// </summary>
public sealed partial class NotificationDispatcher
{
    private readonly Dictionary<string, INotificationChannel> _channels;
    private readonly NotificationRouter _router;
    private readonly ILogger<NotificationDispatcher> _logger;

    public NotificationDispatcher(IEnumerable<INotificationChannel> channels, NotificationRouter router, ILogger<NotificationDispatcher> logger)
    {
        _channels = channels.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        _router = router;
        _logger = logger;
    }

    /// <summary>The names of the configured channels.</summary>
    public IReadOnlyCollection<string> ChannelNames => _channels.Keys;

    /// <summary>Returns the channel names that should receive <paramref name="notification"/>.</summary>
    public IReadOnlyList<string> Route(IncidentNotification notification) => _router.Route(notification);

    /// <summary>
    /// Sends <paramref name="notification"/> to the channel named <paramref name="channelName"/> once. An
    /// unknown channel (for example one removed from configuration while a delivery was pending) is a
    /// permanent failure. Throws only <see cref="OperationCanceledException"/> when <paramref name="ct"/> is cancelled.
    /// </summary>
    public async Task<DeliveryResult> SendAsync(string channelName, IncidentNotification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!_channels.TryGetValue(channelName, out var channel))
        {
            LogUnknownChannel(channelName, notification.IncidentId);
            return DeliveryResult.Permanent(
                $"Channel '{channelName}' is not configured under {NotificationOptions.SectionName}:Channels: add it or drop the pending delivery.");
        }

        DeliveryResult result;
        try
        {
            result = await channel.SendAsync(notification, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // A channel returns expected failures, so anything thrown is a bug or a broken template, and a retry
            // would fail the same way.
            LogChannelFailed(ex, channel.Name, channel.Kind, notification.IncidentId);
            return DeliveryResult.Permanent($"The {channel.Kind} channel failed unexpectedly: {ex.GetType().Name}.");
        }

        if (result.Success)
        {
            LogDelivered(channel.Name, notification.IncidentId, notification.Kind);
        }
        else
        {
            LogDeliveryFailed(channel.Name, notification.IncidentId, notification.Kind, result.IsTransient, result.Error);
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivered {Kind} of incident {IncidentId} to channel {Channel}")]
    private partial void LogDelivered(string channel, string incidentId, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of {Kind} of incident {IncidentId} to channel {Channel} failed (transient: {IsTransient}): {Error}")]
    private partial void LogDeliveryFailed(string channel, string incidentId, string kind, bool isTransient, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Channel} for incident {IncidentId} is not configured")]
    private partial void LogUnknownChannel(string channel, string incidentId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Channel {Channel} of kind {ChannelKind} threw while sending incident {IncidentId}")]
    private partial void LogChannelFailed(Exception exception, string channel, string channelKind, string incidentId);
}
