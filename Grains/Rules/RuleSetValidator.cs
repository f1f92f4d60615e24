using OrleansAgent.Grains.Engine.Redaction;
using OrleansAgent.Grains.Engine.Rules;
using OrleansAgent.Grains.Interfaces.Rules;

namespace OrleansAgent.Grains.Rules;

/// <summary>
/// Checks rules and custom redaction patterns before they are stored: the regex compiles, and a pattern that
/// needs the backtracking engine finishes on the adversarial probes within the match timeout.
/// </summary>
public static class RuleSetValidator
{
    /// <summary>The longest placeholder of a redaction pattern.</summary>
    public const int MaxPlaceholderLength = 100;

    /// <summary>Returns why <paramref name="rule"/> is invalid, or <c>null</c> when it is valid.</summary>
    public static string? ValidateRule(StoredRule rule)
    {
        if (!RuleSetConversion.TryParseAction(rule.Action, out var action))
        {
            return $"action '{rule.Action}' is not one of alert, ignore";
        }

        return RuleEngine.Validate(new RuleDefinition(rule.Name, rule.Pattern, rule.Severity, action, rule.Source)).Error;
    }

    /// <summary>Returns why <paramref name="pattern"/> is invalid, or <c>null</c> when it is valid.</summary>
    public static string? ValidateRedactionPattern(StoredRedactionPattern pattern)
    {
        if (string.IsNullOrEmpty(pattern.Placeholder) || pattern.Placeholder.Length > MaxPlaceholderLength)
        {
            return $"the placeholder must be 1 to {MaxPlaceholderLength} characters, such as <CUSTOMER_ID>";
        }

        // The rule validation runs the same compile and backtracking probes that a redaction regex needs.
        var probe = RuleEngine.Validate(new RuleDefinition(pattern.Name, pattern.Pattern, Severity.Info, RuleAction.Alert));
        if (!probe.IsValid)
        {
            return probe.Error;
        }

        try
        {
            _ = new Redactor([new RedactionPattern(pattern.Name, pattern.Pattern, pattern.Placeholder)]);
            return null;
        }
        catch (ArgumentException exception)
        {
            return exception.Message;
        }
    }

    /// <summary>Validates the whole set, names unique included; throws <see cref="ArgumentException"/> listing every problem.</summary>
    public static void EnsureValid(RuleSet set)
    {
        var errors = new List<string>();
        errors.AddRange(set.Rules.Select(rule => (rule.Name, Error: ValidateRule(rule)))
            .Where(item => item.Error is not null).Select(item => $"rule '{item.Name}': {item.Error}"));
        errors.AddRange(set.RedactionPatterns.Select(pattern => (pattern.Name, Error: ValidateRedactionPattern(pattern)))
            .Where(item => item.Error is not null).Select(item => $"redaction pattern '{item.Name}': {item.Error}"));
        errors.AddRange(Duplicates(set.Rules.Select(rule => rule.Name)).Select(name => $"rule name '{name}' is used more than once"));
        errors.AddRange(Duplicates(set.RedactionPatterns.Select(pattern => pattern.Name)).Select(name => $"redaction pattern name '{name}' is used more than once"));
        if (errors.Count > 0)
        {
            throw new ArgumentException("The rule set is invalid: " + string.Join("; ", errors));
        }
    }

    private static IEnumerable<string> Duplicates(IEnumerable<string> names) =>
        names.GroupBy(name => name, StringComparer.Ordinal).Where(group => group.Count() > 1).Select(group => group.Key);
}
