using OrleansAgent.Grains.Interfaces.Modes;
using OrleansAgent.Grains.Interfaces.Patterns;
using OrleansAgent.Grains.Interfaces.Sources;

namespace OrleansAgent.AdminApi.Explain;

/// <summary>The verdict the agent would give a line now, from the first matching rule and the pattern status.</summary>
public static class ExplainVerdicts
{
    public static (string Verdict, string Reason) Decide(LineExplanation line, PatternDetails? pattern, AgentMode mode)
    {
        var rule = line.RuleMatches.FirstOrDefault();
        if (rule is { Action: "ignore" })
        {
            return ("ignored", $"rule '{rule.RuleName}' drops the line before pattern mining");
        }

        var (verdict, reason) = FromPattern(line, pattern);
        if (rule is not null)
        {
            (verdict, reason) = ("rule", $"rule '{rule.RuleName}' reports the line at severity {rule.Severity.ToString().ToLowerInvariant()}; pattern: {reason}");
        }

        return mode == AgentMode.Training
            ? (verdict, reason + "; in training mode nothing is reported")
            : (verdict, reason);
    }

    private static (string Verdict, string Reason) FromPattern(LineExplanation line, PatternDetails? pattern)
    {
        if (line.PatternId is null || pattern is null)
        {
            return ("unknown", line.PatternId is null
                ? "no learned template matches: the line would start a new pattern"
                : $"template '{line.Template}' is in the miner but pattern {line.PatternId} has no stored state");
        }

        return pattern.Summary.Status switch
        {
            PatternStatus.Suppressed => ("suppressed", "an operator suppressed this pattern"),
            PatternStatus.Escalate => ("escalate", "an operator marked this pattern to be always reported"),
            PatternStatus.Candidate => ("unknown", "the pattern is not learned yet"),
            _ => ("known", $"known pattern: quiet unless its rate spikes (baseline {pattern.Summary.BaselineMean:0.##} lines per window)"),
        };
    }
}
