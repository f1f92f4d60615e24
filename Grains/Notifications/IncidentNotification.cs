using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Grains.Notifications;

/// <summary>
/// One incident event as a channel receives it. Every text field is already redacted: channels send it as
/// given and never add secrets to it.
/// </summary>
/// <param name="IncidentId">The incident id.</param>
/// <param name="Kind">The event: one of <see cref="NotificationKinds.All"/>.</param>
/// <param name="Title">One line for a subject or header.</param>
/// <param name="Summary">A few sentences for the body.</param>
/// <param name="Severity">The incident severity.</param>
/// <param name="Status">The incident status after the event (open, acknowledged, resolved, ...).</param>
/// <param name="Source">The log source name.</param>
/// <param name="PatternId">The stable pattern id.</param>
/// <param name="Template">The redacted pattern template with <c>&lt;*&gt;</c> for variables.</param>
/// <param name="Count">Lines of the pattern counted for the incident.</param>
/// <param name="BaselineMean">The baseline mean of lines per window.</param>
/// <param name="Ratio">The window count divided by the baseline mean (0 when there is no baseline).</param>
/// <param name="OpenedAt">When the incident was opened.</param>
/// <param name="LastSeen">When the pattern was last seen, in event time.</param>
/// <param name="Samples">A few redacted sample lines.</param>
/// <param name="SuggestedActions">Next steps from the analysis.</param>
/// <param name="LikelyCause">The most likely root cause, or an empty string when unknown.</param>
/// <param name="Category">The affected system.</param>
/// <param name="IsDeterministic">True when no model produced the analysis.</param>
/// <param name="IncidentUrl">The incident page, when a public base URL is configured.</param>
/// <param name="PatternUrl">The pattern page, when a public base URL is configured.</param>
/// <param name="AckUrl">The signed acknowledge link, when a public base URL is configured.</param>
/// <param name="DedupKey">A key that is the same for every event of one incident, for services that group
/// events (PagerDuty, Alertmanager).</param>
/// <remarks>Serializable by Orleans, so a grain can keep pending notifications in its persisted state.</remarks>
[GenerateSerializer, Immutable, Alias("IncidentNotification")]
public sealed record IncidentNotification(
    string IncidentId,
    string Kind,
    string Title,
    string Summary,
    Severity Severity,
    string Status,
    string Source,
    string PatternId,
    string Template,
    long Count,
    double BaselineMean,
    double Ratio,
    DateTimeOffset OpenedAt,
    DateTimeOffset LastSeen,
    IReadOnlyList<string> Samples,
    IReadOnlyList<string> SuggestedActions,
    string LikelyCause,
    string Category,
    bool IsDeterministic,
    string? IncidentUrl,
    string? PatternUrl,
    string? AckUrl,
    string DedupKey);

/// <summary>The incident event kinds a notification can carry.</summary>
public static class NotificationKinds
{
    public const string Opened = "opened";
    public const string Updated = "updated";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
    public const string Escalated = "escalated";

    /// <summary>Every kind, in lifecycle order.</summary>
    public static readonly IReadOnlyList<string> All = [Opened, Updated, Acknowledged, Resolved, Escalated];

    /// <summary>Returns true when <paramref name="kind"/> is one of <see cref="All"/> (ordinal, case-insensitive).</summary>
    public static bool IsKnown(string? kind) =>
        kind is not null && All.Contains(kind, StringComparer.OrdinalIgnoreCase);
}
