namespace OrleansAgent.Grains.Interfaces.Shadow;

/// <summary>
/// What the agent would have reported in detect mode, kept while it runs in shadow mode. One entry per
/// (source, pattern, rule): later polls add to its counts.
/// </summary>
[GenerateSerializer, Immutable, Alias("ShadowEntry")]
public sealed record ShadowEntry(
    string Id,
    string Source,
    string PatternId,
    string Template,
    Verdict Verdict,
    string? RuleName,
    long Count,
    long Occurrences,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    ImmutableArray<string> Samples,
    string Reason,
    ShadowReview? Review);

/// <summary>An operator's judgement of a shadow entry.</summary>
[GenerateSerializer, Immutable, Alias("ShadowReview")]
public sealed record ShadowReview(bool IsRealProblem, string ReviewedBy, DateTimeOffset ReviewedAt, string? Note);

/// <summary>A filtered, paged query over the shadow log.</summary>
[GenerateSerializer, Immutable, Alias("ShadowQuery")]
public sealed record ShadowQuery(string? Source, Verdict? Verdict, bool? Reviewed, int Offset, int Limit);

/// <summary>One page of shadow entries.</summary>
[GenerateSerializer, Immutable, Alias("ShadowPage")]
public sealed record ShadowPage(int Total, ImmutableArray<ShadowEntry> Items);

/// <summary>Shadow-mode precision from operator reviews: the share of reviewed entries that were real problems.</summary>
[GenerateSerializer, Immutable, Alias("ShadowPrecision")]
public sealed record ShadowPrecision(int Entries, int Reviewed, int RealProblems, int Noise, double? Precision);
