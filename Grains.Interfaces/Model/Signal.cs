using System.Collections.Immutable;

namespace OrleansAgent.Grains.Interfaces.Model;

/// <summary>
/// Something the cheap stages could not explain: an unknown pattern, a spike, an escalated pattern or an
/// alert rule hit, aggregated over one poll. Every text field is already redacted.
/// </summary>
/// <param name="Id">Deterministic id (source, poll sequence and pattern), so a replayed poll yields the same id.</param>
/// <param name="Source">The source name.</param>
/// <param name="PatternId">The stable pattern id.</param>
/// <param name="Template">The redacted template with <c>&lt;*&gt;</c> for variables.</param>
/// <param name="Verdict">The pattern verdict for this poll.</param>
/// <param name="RuleName">The alert rule that matched, when a rule produced the signal.</param>
/// <param name="RuleSeverity">The severity configured on that rule.</param>
/// <param name="Count">Lines of the pattern in this poll.</param>
/// <param name="WindowCount">Lines of the pattern in the current baseline window.</param>
/// <param name="BaselineMean">The baseline mean of lines per window before this poll.</param>
/// <param name="Ratio">WindowCount divided by the baseline mean (0 when there is no baseline).</param>
/// <param name="FirstSeen">When the pattern was first seen, in event time.</param>
/// <param name="LastSeen">When the pattern was last seen, in event time.</param>
/// <param name="Samples">A few redacted sample lines.</param>
/// <param name="Labels">Operator labels of the pattern.</param>
/// <param name="Service">The service the lines came from, when a source field names it.</param>
/// <param name="Level">The most severe log level seen in the lines, when the header had one.</param>
/// <param name="WindowStart">The start of the baseline window that raised the verdict, in event time.</param>
[GenerateSerializer, Immutable, Alias("Signal")]
public sealed record Signal(
    string Id,
    string Source,
    string PatternId,
    string Template,
    Verdict Verdict,
    string? RuleName,
    Severity? RuleSeverity,
    long Count,
    long WindowCount,
    double BaselineMean,
    double Ratio,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    ImmutableArray<string> Samples,
    ImmutableArray<string> Labels,
    string? Service,
    string? Level,
    DateTimeOffset? WindowStart = null);
