using Microsoft.Extensions.Configuration;
using OrleansAgent.Grains.Engine.Redaction;
using OrleansAgent.Grains.Engine.Rules;
using OrleansAgent.Grains.Interfaces.Rules;

namespace OrleansAgent.Grains.Rules;

/// <summary>Converts between stored rule sets, configuration and the engine's redactor and rule engine.</summary>
public static class RuleSetConversion
{
    /// <summary>The section of the initial regex rules.</summary>
    public const string RulesSection = "Agent:Rules";

    /// <summary>The section of the initial custom redaction patterns.</summary>
    public const string RedactionPatternsSection = "Agent:Redaction:Patterns";

    /// <summary>The words of <see cref="RuleAction"/> in stored rules.</summary>
    public static string FormatAction(RuleAction action) => action.ToString().ToLowerInvariant();

    /// <summary>Reads the initial set from configuration, as version 0.</summary>
    public static RuleSet FromConfiguration(IConfiguration configuration)
    {
        // Bound through mutable classes: binding the positional records directly drops an entry that omits a member.
        var patterns = configuration.GetSection(RedactionPatternsSection).Get<List<ConfiguredRedactionPattern>>() ?? [];
        var rules = configuration.GetSection(RulesSection).Get<List<ConfiguredRule>>() ?? [];
        return new RuleSet(
            0,
            [.. rules.Select(rule => new StoredRule(rule.Name ?? "", rule.Pattern ?? "", rule.Severity, rule.Action, rule.Source))],
            [.. patterns.Select(pattern => new StoredRedactionPattern(pattern.Name ?? "", pattern.Pattern ?? "", pattern.Placeholder ?? ""))]);
    }

    /// <summary>Converts engine definitions, such as validated options, to the initial set (version 0).</summary>
    public static RuleSet FromDefinitions(IEnumerable<RuleDefinition> rules, IEnumerable<RedactionPattern> patterns) => new(
        0,
        [.. rules.Select(rule => new StoredRule(rule.Name, rule.Pattern, rule.Severity, FormatAction(rule.Action), rule.Source))],
        [.. patterns.Select(pattern => new StoredRedactionPattern(pattern.Name, pattern.Pattern, pattern.Placeholder))]);

    /// <summary>A rule in configuration: <c>Severity</c> defaults to Medium and <c>Action</c> to alert.</summary>
    private sealed class ConfiguredRule
    {
        public string? Name { get; set; }
        public string? Pattern { get; set; }
        public Severity Severity { get; set; } = Severity.Medium;
        public string Action { get; set; } = "alert";
        public string? Source { get; set; }
    }

    private sealed class ConfiguredRedactionPattern
    {
        public string? Name { get; set; }
        public string? Pattern { get; set; }
        public string? Placeholder { get; set; }
    }

    /// <summary>Converts a stored rule; an unknown action word throws <see cref="ArgumentException"/>.</summary>
    public static RuleDefinition ToDefinition(StoredRule rule)
    {
        if (!TryParseAction(rule.Action, out var action))
        {
            throw new ArgumentException($"Rule '{rule.Name}' has action '{rule.Action}'; use alert or ignore.");
        }

        return new RuleDefinition(rule.Name, rule.Pattern, rule.Severity, action, rule.Source);
    }

    public static bool TryParseAction(string? text, out RuleAction action)
    {
        action = default;
        return !string.IsNullOrWhiteSpace(text) && !int.TryParse(text, out _)
            && Enum.TryParse(text.Trim(), ignoreCase: true, out action) && Enum.IsDefined(action);
    }

    /// <summary>Builds the redactor of <paramref name="set"/>; throws <see cref="ArgumentException"/> when a pattern is invalid.</summary>
    public static Redactor ToRedactor(RuleSet set) =>
        new(set.RedactionPatterns.Select(pattern => new RedactionPattern(pattern.Name, pattern.Pattern, pattern.Placeholder)));

    /// <summary>Builds the rule engine of <paramref name="set"/>; throws <see cref="ArgumentException"/> when a rule is invalid.</summary>
    public static RuleEngine ToRuleEngine(RuleSet set) => new(set.Rules.Select(ToDefinition));
}
