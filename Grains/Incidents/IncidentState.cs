using OrleansAgent.Grains.Interfaces.Incidents;

namespace OrleansAgent.Grains.Incidents;

/// <summary>Persisted state of <see cref="IncidentGrain"/>.</summary>
[GenerateSerializer, Alias("IncidentState")]
public sealed class IncidentState
{
    [Id(0)] public IncidentSummary? Summary { get; set; }
    [Id(1)] public Finding? Finding { get; set; }
    [Id(2)] public List<TimelineEntry> Timeline { get; set; } = [];

    /// <summary>Signal ids already folded in, newest last, so a redelivered signal is not counted twice.</summary>
    [Id(3)] public List<string> SignalIds { get; set; } = [];

    /// <summary>Channel deliveries, pending and finished: the outbox.</summary>
    [Id(4)] public List<OutboxItem> Outbox { get; set; } = [];

    /// <summary>When the incident escalates unless acknowledged or resolved first; null when none is pending.</summary>
    [Id(5)] public DateTimeOffset? EscalationDueAt { get; set; }

    /// <summary>The channels the incident was escalated to; they also receive its acknowledgement and resolution.</summary>
    [Id(6)] public List<string> EscalatedChannels { get; set; } = [];

    /// <summary>When the latest signal was folded in, by the silo clock: the start of the quiet time for auto-resolve.</summary>
    [Id(7)] public DateTimeOffset LastSignalRecordedAt { get; set; }

    /// <summary>The latest event time of any folded-in signal.</summary>
    [Id(8)] public DateTimeOffset LastSignalSeen { get; set; }
}

/// <summary>One notification of one incident event to one channel.</summary>
[GenerateSerializer, Alias("OutboxItem")]
public sealed class OutboxItem
{
    [Id(0)] public string Channel { get; set; } = "";
    [Id(1)] public string Event { get; set; } = "";
    [Id(2)] public string State { get; set; } = OutboxStates.Pending;
    [Id(3)] public int Attempts { get; set; }
    [Id(4)] public DateTimeOffset? LastAttemptAt { get; set; }
    [Id(5)] public DateTimeOffset? DeliveredAt { get; set; }
    [Id(6)] public DateTimeOffset NextAttemptAt { get; set; }
    [Id(7)] public string? LastError { get; set; }
    [Id(8)] public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Values of <see cref="OutboxItem.State"/>.</summary>
public static class OutboxStates
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
