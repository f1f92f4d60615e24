namespace OrleansAgent.Grains.Interfaces.Incidents;

/// <summary>Lifecycle state of an incident.</summary>
[GenerateSerializer, Alias("IncidentStatus")]
public enum IncidentStatus
{
    Open = 0,
    Acknowledged = 1,
    Resolved = 2,
}

/// <summary>An incident row for listings.</summary>
/// <param name="Fingerprint">Pattern id and source: repeats with the same fingerprint update the open incident.</param>
/// <param name="Occurrences">How many findings were folded into this incident.</param>
/// <param name="LineCount">Log lines behind those findings.</param>
/// <param name="FirstEventTime">The event time of the window that opened the incident.</param>
[GenerateSerializer, Immutable, Alias("IncidentSummary")]
public sealed record IncidentSummary(
    string Id,
    string Fingerprint,
    string Title,
    Severity Severity,
    IncidentStatus Status,
    string Source,
    string PatternId,
    Verdict Verdict,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    long Occurrences,
    long LineCount,
    bool IsDeterministic,
    DateTimeOffset? FirstEventTime = null);

/// <summary>One event in an incident's timeline.</summary>
[GenerateSerializer, Immutable, Alias("TimelineEntry")]
public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Message);

/// <summary>Delivery state of one notification of an incident to one channel.</summary>
[GenerateSerializer, Immutable, Alias("DeliveryStatus")]
public sealed record DeliveryStatus(
    string Channel,
    string Event,
    string State,
    int Attempts,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? NextAttemptAt,
    string? LastError);

/// <summary>An incident with its latest finding, timeline and deliveries.</summary>
[GenerateSerializer, Immutable, Alias("IncidentDetails")]
public sealed record IncidentDetails(
    IncidentSummary Summary,
    Finding Finding,
    ImmutableArray<TimelineEntry> Timeline,
    ImmutableArray<DeliveryStatus> Deliveries);

/// <summary>A filtered, paged query over incidents, newest first.</summary>
[GenerateSerializer, Immutable, Alias("IncidentQuery")]
public sealed record IncidentQuery(IncidentStatus? Status, Severity? MinSeverity, string? Source, string? PatternId, int Offset, int Limit);

/// <summary>One page of incidents.</summary>
[GenerateSerializer, Immutable, Alias("IncidentPage")]
public sealed record IncidentPage(int Total, ImmutableArray<IncidentSummary> Items);
