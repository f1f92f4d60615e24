using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Engine.Redaction;
using OrleansAgent.Grains.Engine.Rules;

namespace OrleansAgent.Grains.Configuration;

/// <summary>
/// The operator's regex rules (<c>Agent:Rules</c>) and custom redaction patterns
/// (<c>Agent:Redaction:Patterns</c>) from configuration; the set in force at start-up.
/// </summary>
public sealed class RulesOptions
{
    public const string RulesSection = "Agent:Rules";
    public const string RedactionSection = "Agent:Redaction:Patterns";

    /// <summary>Rules in match order; the first match wins. Default: none.</summary>
    public List<RuleDefinition> Rules { get; set; } = [];

    /// <summary>Custom redaction patterns, applied after the built-in ones. Default: none.</summary>
    public List<RedactionPattern> RedactionPatterns { get; set; } = [];
}

/// <summary>
/// Stops start-up when a rule or redaction pattern does not compile, backtracks catastrophically or repeats a
/// name, with the setting path, the name and the reason in the message.
/// </summary>
public sealed class RulesOptionsValidator : IValidateOptions<RulesOptions>
{
    public ValidateOptionsResult Validate(string? name, RulesOptions options)
    {
        var errors = new List<string>();
        try
        {
            _ = new RuleEngine(options.Rules);
        }
        catch (ArgumentException exception)
        {
            errors.Add($"{RulesOptions.RulesSection}: {exception.Message}");
        }

        try
        {
            _ = new Redactor(options.RedactionPatterns);
        }
        catch (ArgumentException exception)
        {
            errors.Add($"{RulesOptions.RedactionSection}: {exception.Message}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
