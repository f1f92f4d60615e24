using OrleansAgent.Grains.Interfaces.Incidents;
using OrleansAgent.Grains.Notifications;
using OrleansAgent.Grains.Notifications.Delivery;

namespace OrleansAgent.Grains.Incidents;

/// <summary>Delivers incident events through the configured notification channels.</summary>
public sealed class NotificationIncidentDelivery(NotificationDispatcher dispatcher, NotificationLinkBuilder links) : IIncidentDelivery
{
    /// <summary>Attempts per delivery; with the backoff capped at 10 minutes this keeps retrying for about an hour.</summary>
    public int MaxAttempts => 12;

    public IReadOnlyList<string> Route(IncidentDetails incident, string eventKind) => dispatcher.Route(ToNotification(incident, eventKind));

    public async Task<ChannelDeliveryResult> DeliverAsync(string channel, IncidentDetails incident, string eventKind, CancellationToken cancellationToken)
    {
        var notification = links.AddLinks(ToNotification(incident, eventKind));
        var result = await dispatcher.SendAsync(channel, notification, cancellationToken);
        return new ChannelDeliveryResult(result.Success, result.IsTransient, result.Error, result.RetryAfter);
    }

    public TimeSpan RetryDelay(int attempt) => DeliveryBackoff.NextDelay(attempt);

    /// <summary>Builds the channel-neutral notification of one incident event.</summary>
    public static IncidentNotification ToNotification(IncidentDetails incident, string eventKind)
    {
        var summary = incident.Summary;
        var finding = incident.Finding;
        var signal = finding.Signal;
        var kind = eventKind == IncidentEvents.Reopened ? NotificationKinds.Opened : eventKind;
        return new IncidentNotification(
            summary.Id,
            kind,
            finding.Title,
            finding.Summary,
            summary.Severity,
            summary.Status.ToString().ToLowerInvariant(),
            summary.Source,
            summary.PatternId,
            signal.Template,
            summary.LineCount,
            signal.BaselineMean,
            signal.Ratio,
            summary.OpenedAt,
            signal.LastSeen,
            signal.Samples,
            finding.SuggestedActions,
            finding.LikelyCause,
            finding.Category,
            finding.IsDeterministic,
            IncidentUrl: null,
            PatternUrl: null,
            AckUrl: null,
            DedupKey: summary.Fingerprint);
    }
}
