using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Incidents.Configuration;
using OrleansAgent.Grains.Interfaces.Incidents;
using OrleansAgent.Grains.Notifications;
using OrleansAgent.Grains.Notifications.Delivery;

namespace OrleansAgent.Grains.Incidents;

/// <summary>Delivers incident events through the configured notification channels.</summary>
public sealed class NotificationIncidentDelivery(
    NotificationDispatcher dispatcher, NotificationLinkBuilder links, IOptions<IncidentOptions> options) : IIncidentDelivery
{
    public int MaxAttempts => options.Value.MaxDeliveryAttempts;

    public IReadOnlyList<string> Route(IncidentDetails incident, string eventKind) => dispatcher.Route(ToNotification(incident, eventKind));

    public async Task<ChannelDeliveryResult> DeliverAsync(string channel, IncidentDetails incident, string eventKind, CancellationToken cancellationToken)
    {
        var notification = links.AddLinks(ToNotification(incident, eventKind));
        var result = await dispatcher.SendAsync(channel, notification, cancellationToken);
        return new ChannelDeliveryResult(result.Success, result.IsTransient, result.Error, result.RetryAfter);
    }

    public TimeSpan RetryDelay(int attempt) =>
        DeliveryBackoff.NextDelay(attempt, Random.Shared, options.Value.RetryBaseDelay, options.Value.RetryMaxDelay);

    /// <summary>Builds the channel-neutral notification of one incident event. A reopening is sent as <c>opened</c>.</summary>
    public static IncidentNotification ToNotification(IncidentDetails incident, string eventKind) =>
        IncidentNotificationFactory.Create(
            eventKind == IncidentEvents.Reopened ? NotificationKinds.Opened : eventKind, incident.Summary, incident.Finding);
}
