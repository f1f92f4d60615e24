using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Grains.Engine.Rules;

/// <summary>What the pipeline does with a line that a rule matches.</summary>
public enum RuleAction
{
    /// <summary>Report the line at once, without pattern mining or AI analysis.</summary>
    Alert = 0,

    /// <summary>Drop the line before pattern mining, for example health-check noise.</summary>
    Ignore = 1,
}

/// <summary>An operator-defined regex rule, matched against redacted lines.</summary>
/// <param name="Name">Unique rule name, shown in alerts and explain output.</param>
/// <param name="Pattern">.NET regular expression, matched culture-invariant and case-sensitive unless the pattern sets an inline option such as <c>(?i)</c>.</param>
/// <param name="Severity">Severity reported when an <see cref="RuleAction.Alert"/> rule matches.</param>
/// <param name="Action">What to do with a matching line.</param>
/// <param name="Source">Name of the only log source the rule applies to, compared ordinally; null applies it to every source.</param>
public sealed record RuleDefinition(
    string Name,
    string Pattern,
    Severity Severity,
    RuleAction Action,
    string? Source = null);

/// <summary>The rule that matched a line.</summary>
public readonly record struct RuleMatch(string RuleName, RuleAction Action, Severity Severity);

/// <summary>Outcome of validating one rule; <see cref="Error"/> is null when the rule is valid.</summary>
public sealed record RuleValidationResult(string RuleName, string Pattern, string? Error)
{
    /// <summary>True when the rule compiled and passed the backtracking probes.</summary>
    public bool IsValid => Error is null;
}

/// <summary>Thrown when one or more rules are invalid; lists every invalid rule, not only the first.</summary>
public sealed class RuleValidationException : ArgumentException
{
    public RuleValidationException(IReadOnlyList<RuleValidationResult> failures)
        : base(BuildMessage(failures))
    {
        Failures = failures;
    }

    /// <summary>The invalid rules with the reason for each.</summary>
    public IReadOnlyList<RuleValidationResult> Failures { get; }

    private static string BuildMessage(IReadOnlyList<RuleValidationResult> failures)
    {
        var lines = failures.Select(f => $"  rule '{f.RuleName}' pattern '{f.Pattern}': {f.Error}");
        return $"{failures.Count} rule(s) are invalid; fix or remove them:{Environment.NewLine}"
            + string.Join(Environment.NewLine, lines);
    }
}
