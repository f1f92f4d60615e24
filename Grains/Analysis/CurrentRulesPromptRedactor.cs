using OrleansAgent.Grains.Engine.Detection;

namespace OrleansAgent.Grains.Analysis;

/// <summary>Redacts prompts with the redactor in force, custom patterns included.</summary>
public sealed class CurrentRulesPromptRedactor(DetectionRules rules) : IPromptRedactor
{
    public string Redact(string text) => rules.Current.Redactor.Redact(text);
}
