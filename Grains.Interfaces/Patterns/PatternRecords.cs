using OrleansAgent.Grains.Interfaces.Modes;

namespace OrleansAgent.Grains.Interfaces.Patterns;

/// <summary>The operator-facing state of a pattern.</summary>
[GenerateSerializer, Alias("PatternStatus")]
public enum PatternStatus
{
    /// <summary>Seen outside training and not yet learned: its lines are reported as <c>unknown</c>.</summary>
    Candidate = 0,

    /// <summary>Learned: its lines are quiet unless the rate spikes.</summary>
    Known = 1,

    /// <summary>Always quiet, spikes included.</summary>
    Suppressed = 2,

    /// <summary>Always reported.</summary>
    Escalate = 3,
}

/// <summary>Lines of one pattern in one baseline window, in event time.</summary>
[GenerateSerializer, Immutable, Alias("WindowCount")]
public sealed record WindowCount(DateTimeOffset Start, long Count);

/// <summary>
/// One poll's lines of one pattern, aggregated by the poller. <paramref name="Sequence"/> makes the call
/// idempotent: a pattern grain applies each (source, sequence) once, so a poll replayed after a crash is not
/// counted twice.
/// </summary>
/// <param name="Source">The poller key (source name, or source/shard).</param>
/// <param name="Sequence">The poll sequence number of that poller.</param>
/// <param name="Template">The current template from the miner.</param>
/// <param name="Count">Lines in this poll.</param>
/// <param name="Windows">The lines per baseline window, in event time.</param>
/// <param name="FirstEventTime">The earliest event time in this poll.</param>
/// <param name="LastEventTime">The latest event time in this poll.</param>
/// <param name="Samples">Up to a few redacted sample lines.</param>
/// <param name="Mode">The effective mode of this poll (training during backfill, whatever the cluster mode).</param>
/// <param name="Level">The most severe log level seen, when the header had one.</param>
[GenerateSerializer, Immutable, Alias("PatternObservation")]
public sealed record PatternObservation(
    string Source,
    long Sequence,
    string Template,
    long Count,
    ImmutableArray<WindowCount> Windows,
    DateTimeOffset FirstEventTime,
    DateTimeOffset LastEventTime,
    ImmutableArray<string> Samples,
    AgentMode Mode,
    string? Level);

/// <summary>A pattern row for listings: what the catalog index holds.</summary>
[GenerateSerializer, Immutable, Alias("PatternSummary")]
public sealed record PatternSummary(
    string PatternId,
    string Source,
    string Template,
    PatternStatus Status,
    long TotalCount,
    double BaselineMean,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    ImmutableArray<string> Labels,
    Verdict? LastVerdict,
    string? MergedInto);

/// <summary>The verdict of one observation, with the figures that led to it.</summary>
/// <param name="WindowStart">The start of the baseline window those figures describe, in event time.</param>
[GenerateSerializer, Immutable, Alias("PatternVerdict")]
public sealed record PatternVerdict(
    Verdict Verdict,
    string Reason,
    long WindowCount,
    double BaselineMean,
    double Ratio,
    PatternSummary Summary,
    DateTimeOffset? WindowStart = null);

/// <summary>One entry of a pattern's verdict trail.</summary>
[GenerateSerializer, Immutable, Alias("VerdictRecord")]
public sealed record VerdictRecord(DateTimeOffset EventTime, Verdict Verdict, long Count, string Reason, AgentMode Mode);

/// <summary>Everything known about one pattern.</summary>
[GenerateSerializer, Immutable, Alias("PatternDetails")]
public sealed record PatternDetails(
    PatternSummary Summary,
    string? Note,
    double BaselineStdDev,
    int BaselineWindows,
    ImmutableArray<WindowCount> RecentWindows,
    ImmutableArray<string> Samples,
    ImmutableArray<VerdictRecord> Trail,
    ImmutableArray<string> MergedFrom);

/// <summary>An operator change to a pattern; <c>null</c> members stay as they are.</summary>
[GenerateSerializer, Immutable, Alias("PatternUpdate")]
public sealed record PatternUpdate(PatternStatus? Status, ImmutableArray<string>? Labels, string? Note);

/// <summary>Sort orders of the pattern listing.</summary>
[GenerateSerializer, Alias("PatternSort")]
public enum PatternSort
{
    Count = 0,
    LastSeen = 1,
    FirstSeen = 2,
    Rate = 3,
}

/// <summary>A filtered, sorted, paged query over the catalog index.</summary>
[GenerateSerializer, Immutable, Alias("PatternQuery")]
public sealed record PatternQuery(
    PatternStatus? Status,
    string? Source,
    string? Label,
    string? Search,
    PatternSort Sort,
    bool Descending,
    int Offset,
    int Limit);

/// <summary>One page of pattern summaries and the total that matched.</summary>
[GenerateSerializer, Immutable, Alias("PatternPage")]
public sealed record PatternPage(int Total, ImmutableArray<PatternSummary> Items);

/// <summary>
/// The whole state of a pattern as a catalog file carries it; <paramref name="BaselineJson"/> is the engine's
/// baseline state as JSON, or <c>null</c> before the first window.
/// </summary>
[GenerateSerializer, Immutable, Alias("PatternExport")]
public sealed record PatternExport(
    string PatternId,
    string Source,
    string Template,
    PatternStatus Status,
    ImmutableArray<string> Labels,
    string? Note,
    long TotalCount,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    int WindowsSeen,
    DateTimeOffset? LastWindowStart,
    Verdict? LastVerdict,
    string? MergedInto,
    ImmutableArray<string> MergedFrom,
    ImmutableArray<string> Samples,
    bool IsOperatorManaged,
    string? BaselineJson);
