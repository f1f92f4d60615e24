namespace OrleansAgent.Grains.Interfaces.Sources;

/// <summary>The state of one source poller, as <c>GET /api/sources</c> shows it.</summary>
[GenerateSerializer, Immutable, Alias("SourceStatus")]
public sealed record SourceStatus(
    string Name,
    string Type,
    bool IsPaused,
    bool IsTrainingOnHistory,
    string? Cursor,
    long Sequence,
    long LinesRead,
    long LinesIgnored,
    long EventsWithoutTimestamp,
    ImmutableDictionary<string, long> Skipped,
    DateTimeOffset? LastPollAt,
    DateTimeOffset? LastEventTime,
    TimeSpan? Lag,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    int ConsecutiveFailures,
    int PatternCount,
    ImmutableDictionary<Verdict, long> VerdictLines,
    BackfillProgress? Backfill = null);

/// <summary>Progress of a rewind or backfill.</summary>
/// <param name="EventsRead">Events read since the backfill started.</param>
/// <param name="TimeCovered">Event time from the first event read to the latest.</param>
/// <param name="EstimatedTimeLeft">Wall-clock estimate from the rate so far, or null before any progress.</param>
[GenerateSerializer, Immutable, Alias("BackfillProgress")]
public sealed record BackfillProgress(
    DateTimeOffset From,
    DateTimeOffset? Until,
    bool Train,
    DateTimeOffset StartedAt,
    long EventsRead,
    long SkippedBeforeStart,
    TimeSpan TimeCovered,
    TimeSpan? EstimatedTimeLeft);

/// <summary>The outcome of one poll.</summary>
[GenerateSerializer, Immutable, Alias("PollReport")]
public sealed record PollReport(long Sequence, int Events, int Patterns, int Signals, bool HasMore, string? Error);
