using Microsoft.Extensions.Options;

namespace OrleansAgent.Grains.Analysis.Ai;

/// <summary>Rejects invalid <c>Agent:Ai</c> settings at start-up, naming the setting and the rule.</summary>
public sealed class AiAnalyzerOptionsValidator : IValidateOptions<AiAnalyzerOptions>
{
    private const string Prefix = AiAnalyzerOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, AiAnalyzerOptions options)
    {
        var errors = new List<string>();
        ValidateEndpoint(options, errors);
        RequirePositive(options.MaxSignalsPerCall, nameof(options.MaxSignalsPerCall), errors);
        RequirePositive(options.MaxSamplesPerSignal, nameof(options.MaxSamplesPerSignal), errors);
        RequirePositive(options.MaxCallsPerHour, nameof(options.MaxCallsPerHour), errors);
        RequirePositive(options.MaxTokensPerDay, nameof(options.MaxTokensPerDay), errors);

        if (options.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{Prefix}Timeout is {options.Timeout}; set a positive duration such as 00:00:30.");
        }

        if (options.CacheTtl < TimeSpan.Zero)
        {
            errors.Add($"{Prefix}CacheTtl is {options.CacheTtl}; set zero (no cache) or a positive duration such as 01:00:00.");
        }

        if (options.MinConfidence is < 0 or > 1 || double.IsNaN(options.MinConfidence))
        {
            errors.Add($"{Prefix}MinConfidence is {options.MinConfidence}; set a number from 0 to 1.");
        }

        if (options.Temperature is { } temperature && (temperature is < 0 or > 2 || double.IsNaN(temperature)))
        {
            errors.Add($"{Prefix}Temperature is {temperature}; set a number from 0 to 2, or leave it empty for the model's default.");
        }

        ValidatePromptDirectory(options.PromptDirectory, errors);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateEndpoint(AiAnalyzerOptions options, List<string> errors)
    {
        var hasEndpoint = !string.IsNullOrWhiteSpace(options.Endpoint);
        if (!hasEndpoint)
        {
            return;
        }

        // The endpoint appears in logs and in the status, so it must not carry a credential.
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{Prefix}Endpoint '{options.Endpoint}' is not an absolute http or https URL; set the base URL of an OpenAI-compatible API, for example http://127.0.0.1:11434/v1.");
        }
        else if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add($"{Prefix}Endpoint contains user information; remove it and put the key in {Prefix}ApiKey or {AiAnalyzerOptions.ApiKeyEnvironmentVariable}.");
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            errors.Add($"{Prefix}Model is missing; it is required when {Prefix}Endpoint is set.");
        }
    }

    private static void ValidatePromptDirectory(string? directory, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            return;
        }

        if (!Directory.Exists(directory))
        {
            errors.Add($"{Prefix}PromptDirectory '{directory}' does not exist; create it or leave the setting empty for the built-in prompts.");
            return;
        }

        var userPrompt = Path.Combine(directory, AiPrompts.UserFile);
        if (File.Exists(userPrompt) && !File.ReadAllText(userPrompt).Contains(AiPrompts.SignalsPlaceholder, StringComparison.Ordinal))
        {
            errors.Add($"{Prefix}PromptDirectory: '{userPrompt}' lacks the {AiPrompts.SignalsPlaceholder} placeholder; add it where the signals belong.");
        }
    }

    private static void RequirePositive(long value, string setting, List<string> errors)
    {
        if (value <= 0)
        {
            errors.Add($"{Prefix}{setting} is {value}; set a positive number.");
        }
    }
}
