using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Interfaces.Rules;
using OrleansAgent.Grains.Rules;

namespace OrleansAgent.Grains.Configuration;

/// <summary>
/// The operator's regex rules (<c>Agent:Rules</c>) and custom redaction patterns
/// (<c>Agent:Redaction:Patterns</c>) from configuration: the set in force until an operator stores another.
/// </summary>
public sealed class RulesOptions
{
    /// <summary>The configured set, as version 0. Default: no rules and no custom patterns.</summary>
    public RuleSet Initial { get; set; } = new(0, [], []);
}

/// <summary>
/// Stops start-up when a rule or redaction pattern does not compile, backtracks catastrophically, repeats a
/// name or names an unknown action, with the setting path, the name and the reason in the message.
/// </summary>
public sealed class RulesOptionsValidator : IValidateOptions<RulesOptions>
{
    public ValidateOptionsResult Validate(string? name, RulesOptions options)
    {
        var errors = new List<string>();
        try
        {
            _ = RuleSetConversion.ToRuleEngine(options.Initial);
        }
        catch (ArgumentException exception)
        {
            errors.Add($"{RuleSetConversion.RulesSection}: {exception.Message}");
        }

        try
        {
            _ = RuleSetConversion.ToRedactor(options.Initial);
        }
        catch (ArgumentException exception)
        {
            errors.Add($"{RuleSetConversion.RedactionPatternsSection}: {exception.Message}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
