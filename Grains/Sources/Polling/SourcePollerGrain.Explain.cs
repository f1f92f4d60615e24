using OrleansAgent.Grains.Rules;
using OrleansAgent.Grains.Interfaces.Sources;

namespace OrleansAgent.Grains.Sources.Polling;

public sealed partial class SourcePollerGrain
{
    /// <summary>Most lines one explain call takes; the admin API enforces the same bound.</summary>
    public const int MaxExplainLines = 1000;

    public Task<ImmutableArray<LineExplanation>> ExplainAsync(ImmutableArray<string> lines)
    {
        EnsureConfigured();
        if (lines.Length > MaxExplainLines)
        {
            throw new ArgumentException($"Explain takes at most {MaxExplainLines} lines; {lines.Length} were given. Split the request.");
        }

        // TemplateMiner.Match neither adds nor merges patterns, so the miner stays as the last poll left it.
        var rules = detectionRules.Current;
        var arrival = timeProvider.GetUtcNow();
        var results = ImmutableArray.CreateBuilder<LineExplanation>(lines.Length);
        foreach (var line in lines)
        {
            var redaction = rules.Redactor.RedactWithDetails(line ?? "");
            var parsed = _headerParser.Parse(redaction.Text, arrival);
            var mined = _miner.Match(parsed.Content);
            var matches = rules.Rules.MatchAll(redaction.Text, PollerKey)
                .Select(match => new ExplainedRuleMatch(match.RuleName, RuleSetConversion.FormatAction(match.Action), match.Severity));
            results.Add(new LineExplanation(
                redaction.Text,
                redaction.Counts.ToImmutableDictionary(count => count.Placeholder, count => count.Count),
                parsed.Timestamp,
                parsed.Level,
                parsed.Component,
                parsed.Fields?.ToImmutableDictionary() ?? ImmutableDictionary<string, string>.Empty,
                parsed.Content,
                mined?.PatternId,
                mined?.Template,
                [.. matches]));
        }

        return Task.FromResult(results.MoveToImmutable());
    }
}
