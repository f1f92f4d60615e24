using OrleansAgent.Grains.Interfaces.Incidents;
using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Grains.Notifications;

/// <summary>Builds the <see cref="IncidentNotification"/> of one incident event.</summary>
public static class IncidentNotificationFactory
{
    /// <summary>
    /// Creates a notification of <paramref name="kind"/> from the incident row and its latest finding, without
    /// links (add them with <see cref="Delivery.NotificationLinkBuilder"/>). The dedup key depends only on
    /// the incident id, so every event of the incident groups into one PagerDuty alert.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not one of <see cref="NotificationKinds.All"/>.</exception>
    public static IncidentNotification Create(string kind, IncidentSummary incident, Finding finding)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(finding);
        if (!NotificationKinds.IsKnown(kind))
        {
            throw new ArgumentException($"Notification kind '{kind}' is unknown: use one of {string.Join(", ", NotificationKinds.All)}.", nameof(kind));
        }

        var signal = finding.Signal;
        return new IncidentNotification(
            IncidentId: incident.Id,
            Kind: kind.ToLowerInvariant(),
            Title: incident.Title,
            Summary: finding.Summary,
            Severity: incident.Severity,
            Status: incident.Status.ToString().ToLowerInvariant(),
            Source: incident.Source,
            PatternId: incident.PatternId,
            Template: signal.Template,
            Count: incident.LineCount,
            BaselineMean: signal.BaselineMean,
            Ratio: signal.Ratio,
            OpenedAt: incident.OpenedAt,
            LastSeen: signal.LastSeen,
            Samples: signal.Samples.IsDefault ? [] : signal.Samples,
            SuggestedActions: finding.SuggestedActions.IsDefault ? [] : finding.SuggestedActions,
            LikelyCause: finding.LikelyCause,
            Category: finding.Category,
            IsDeterministic: finding.IsDeterministic,
            IncidentUrl: null,
            PatternUrl: null,
            AckUrl: null,
            DedupKey: "orleans-agent/" + incident.Id);
    }
}
