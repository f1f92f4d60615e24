using OrleansAgent.Grains.Interfaces.Modes;
using OrleansAgent.Grains.Interfaces.Patterns;

namespace OrleansAgent.Grains.Sources.Polling;

/// <summary>Persisted state of <see cref="SourcePollerGrain"/>: the cursor, the miner and the in-flight poll.</summary>
[GenerateSerializer, Alias("PollerState")]
public sealed class PollerState
{
    [Id(0)] public string? Cursor { get; set; }

    /// <summary>The sequence number of the last poll whose effects are complete.</summary>
    [Id(1)] public long Sequence { get; set; }

    /// <summary>
    /// A poll whose detection results are saved but whose effects (pattern observations, signals, cursor) may
    /// not all have happened. It is finished before the next poll starts, after a restart too.
    /// </summary>
    [Id(2)] public PendingPoll? Pending { get; set; }

    /// <summary>The miner state as JSON of the engine's plain snapshot record.</summary>
    [Id(3)] public string? MinerJson { get; set; }

    [Id(4)] public long LinesRead { get; set; }
    [Id(5)] public long LinesIgnored { get; set; }
    [Id(6)] public long EventsWithoutTimestamp { get; set; }
    [Id(7)] public Dictionary<string, long> Skipped { get; set; } = [];
    [Id(8)] public DateTimeOffset? LastPollAt { get; set; }
    [Id(9)] public DateTimeOffset? LastEventTime { get; set; }
    [Id(10)] public string? LastError { get; set; }
    [Id(11)] public DateTimeOffset? LastErrorAt { get; set; }
    [Id(12)] public int ConsecutiveFailures { get; set; }
    [Id(13)] public bool IsPaused { get; set; }

    /// <summary>True once the history present at the first start has been read in training behaviour.</summary>
    [Id(14)] public bool IsHistoryDone { get; set; }

    /// <summary>Lines per verdict since the poller first started.</summary>
    [Id(15)] public Dictionary<Verdict, long> VerdictLines { get; set; } = [];

    /// <summary>The rewind or backfill in progress, if any.</summary>
    [Id(16)] public Backfill? Backfill { get; set; }
}

/// <summary>A re-read of history from <see cref="From"/>, in training behaviour when <see cref="Train"/> is set.</summary>
[GenerateSerializer, Alias("Backfill")]
public sealed class Backfill
{
    [Id(0)] public DateTimeOffset From { get; set; }

    /// <summary>Training behaviour ends at this event time, or when the poller has caught up.</summary>
    [Id(1)] public DateTimeOffset? Until { get; set; }

    [Id(2)] public bool Train { get; set; }
    [Id(3)] public DateTimeOffset StartedAt { get; set; }
    [Id(4)] public long Events { get; set; }
    [Id(5)] public long SkippedBeforeStart { get; set; }
    [Id(6)] public DateTimeOffset? FirstEventTime { get; set; }
}

/// <summary>The results of one poll's detection, saved before any of its effects.</summary>
[GenerateSerializer, Alias("PendingPoll")]
public sealed class PendingPoll
{
    [Id(0)] public long Sequence { get; set; }
    [Id(1)] public string? NextCursor { get; set; }
    [Id(2)] public AgentMode Mode { get; set; }
    [Id(3)] public List<PendingObservation> Observations { get; set; } = [];
    [Id(4)] public List<PendingRuleHit> RuleHits { get; set; } = [];
    [Id(5)] public List<PendingMerge> Merges { get; set; } = [];
    [Id(6)] public long Lines { get; set; }
    [Id(7)] public long Ignored { get; set; }
    [Id(8)] public long WithoutTimestamp { get; set; }
    [Id(9)] public Dictionary<string, long> Skipped { get; set; } = [];
    [Id(10)] public DateTimeOffset? LastEventTime { get; set; }
    [Id(11)] public bool HasMore { get; set; }
}

/// <summary>The observation of one pattern in a pending poll.</summary>
[GenerateSerializer, Immutable, Alias("PendingObservation")]
public sealed record PendingObservation(string PatternId, PatternObservation Observation);

/// <summary>The lines of one pattern that matched one alert rule in a pending poll.</summary>
[GenerateSerializer, Immutable, Alias("PendingRuleHit")]
public sealed record PendingRuleHit(
    string RuleName,
    Severity Severity,
    string PatternId,
    string Template,
    long Count,
    DateTimeOffset FirstEventTime,
    DateTimeOffset LastEventTime,
    ImmutableArray<string> Samples,
    string? Level);

/// <summary>A merge of two patterns decided by the miner in a pending poll.</summary>
[GenerateSerializer, Immutable, Alias("PendingMerge")]
public sealed record PendingMerge(string FromPatternId, string IntoPatternId);
