namespace OrleansAgent.Grains.Interfaces.Sources;

/// <summary>What the cheap stages of the funnel make of one raw line, without counting it anywhere.</summary>
/// <param name="Redacted">The line after redaction: the only form of the line that leaves the poller.</param>
/// <param name="Redactions">Replacements per placeholder, such as <c>&lt;EMAIL&gt;</c> = 2.</param>
/// <param name="Timestamp">The header timestamp, when one was found.</param>
/// <param name="Level">The header level word, when found.</param>
/// <param name="Component">The header component, when found.</param>
/// <param name="Fields">Other header fields by name.</param>
/// <param name="Content">The message part that the miner sees.</param>
/// <param name="PatternId">The pattern the line would join, or <c>null</c> when it would start a new one.</param>
/// <param name="Template">The template of that pattern.</param>
/// <param name="RuleMatches">Every matching rule, in definition order; the first decides.</param>
[GenerateSerializer, Immutable, Alias("LineExplanation")]
public sealed record LineExplanation(
    string Redacted,
    ImmutableDictionary<string, int> Redactions,
    DateTimeOffset? Timestamp,
    string? Level,
    string? Component,
    ImmutableDictionary<string, string> Fields,
    string Content,
    string? PatternId,
    string? Template,
    ImmutableArray<ExplainedRuleMatch> RuleMatches);

/// <summary>A rule that matched a line; <paramref name="Action"/> is <c>alert</c> or <c>ignore</c>.</summary>
[GenerateSerializer, Immutable, Alias("ExplainedRuleMatch")]
public sealed record ExplainedRuleMatch(string RuleName, string Action, Severity Severity);
