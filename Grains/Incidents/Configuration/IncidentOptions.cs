namespace OrleansAgent.Grains.Incidents.Configuration;

/// <summary>Incident lifecycle, delivery retry and escalation settings, bound from <see cref="SectionName"/>.</summary>
public sealed class IncidentOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Agent:Incidents";

    /// <summary>
    /// An open or acknowledged incident resolves itself when no new signal of its pattern arrived for this
    /// long. Zero turns auto-resolve off. Default: 2 hours.
    /// </summary>
    public TimeSpan AutoResolveAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// The period of the reminder that wakes an incident to retry deliveries, escalate and auto-resolve after a
    /// restart. The silo's minimum reminder period follows it when it is below one minute. Default: 1 minute.
    /// Allowed: 1 second to 1 hour.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The delay before the second delivery attempt, doubled for each later one. Default: 5 seconds.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest delay between two delivery attempts. Default: 10 minutes.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Attempts after which a delivery is marked failed. With the default delays, 12 attempts keep retrying
    /// for about an hour. Default: 12. Allowed: 1 to 1000.
    /// </summary>
    public int MaxDeliveryAttempts { get; set; } = 12;

    /// <summary>Paging of incidents that were not acknowledged in time.</summary>
    public EscalationOptions Escalation { get; set; } = new();
}

/// <summary>
/// Escalation: an open incident of at least <see cref="MinSeverity"/> that was not acknowledged or resolved within
/// <see cref="After"/> is sent to <see cref="Channels"/> as an <c>escalated</c> event.
/// </summary>
public sealed class EscalationOptions
{
    /// <summary>The lowest severity that escalates. Default: <see cref="Severity.High"/>.</summary>
    public Severity MinSeverity { get; set; } = Severity.High;

    /// <summary>How long an incident may stay unacknowledged before it escalates. Default: 15 minutes.</summary>
    public TimeSpan After { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The names of the channels (under <c>Agent:Notifications:Channels</c>) that receive escalations, such as
    /// a PagerDuty channel. Default: empty, which turns escalation off.
    /// </summary>
    public List<string> Channels { get; set; } = [];
}
