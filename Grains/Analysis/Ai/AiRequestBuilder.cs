using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Grains.Analysis.Ai;

/// <summary>One model request: the redacted system and user messages and an estimate of its tokens.</summary>
internal sealed record AiRequest(string SystemMessage, string UserMessage, int EstimatedInputTokens, int MaxOutputTokens)
{
    public int EstimatedTokens => EstimatedInputTokens + MaxOutputTokens;
}

/// <summary>
/// Builds the model request from signals. Only the fields below leave the process, and the redactor runs over
/// both whole messages as a second guard in case a caller passed text that was not redacted.
/// </summary>
internal sealed class AiRequestBuilder(AiPrompts prompts, IPromptRedactor redactor, int maxSamplesPerSignal)
{
    // NOTE: about four characters per token is the usual estimate for English text with OpenAI tokenizers; the
    // budget corrects it with the usage the server reports.
    private const int CharactersPerToken = 4;
    private const int OutputTokensPerSignal = 400;
    private const int OutputTokensOverhead = 100;

    // Bounds the prompt when a template or sample is a huge line; the start of a line usually names the error.
    private const int MaxTextLength = 1_000;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public AiRequest Build(IReadOnlyList<Signal> signals)
    {
        var inputs = signals.Select((signal, index) => ToInput(signal, index)).ToArray();
        var signalsJson = JsonSerializer.Serialize(inputs, JsonOptions);
        var system = redactor.Redact(prompts.System);
        var user = redactor.Redact(prompts.RenderUser(signalsJson, signals.Count));
        var inputTokens = (system.Length + user.Length) / CharactersPerToken + 1;
        var maxOutput = OutputTokensOverhead + OutputTokensPerSignal * signals.Count;
        return new AiRequest(system, user, inputTokens, maxOutput);
    }

    private SignalInput ToInput(Signal signal, int index) => new(
        index,
        signal.Verdict.ToString().ToLowerInvariant(),
        signal.Source,
        signal.Service,
        signal.Level,
        signal.RuleName,
        signal.RuleSeverity?.ToString().ToLowerInvariant(),
        Truncate(signal.Template),
        signal.Samples.IsDefault ? [] : [.. signal.Samples.Take(maxSamplesPerSignal).Select(Truncate)],
        signal.Count,
        signal.WindowCount,
        Math.Round(signal.BaselineMean, 2),
        Math.Round(signal.Ratio, 2),
        signal.FirstSeen.ToUniversalTime(),
        signal.LastSeen.ToUniversalTime(),
        signal.Labels.IsDefault ? [] : [.. signal.Labels]);

    private static string Truncate(string text) => text.Length <= MaxTextLength ? text : string.Concat(text.AsSpan(0, MaxTextLength), "...");

    /// <summary>What the model sees of one signal; counts are lines per baseline window.</summary>
    private sealed record SignalInput(
        int Index,
        string Verdict,
        string Source,
        string? Service,
        string? Level,
        string? Rule,
        string? RuleSeverity,
        string Template,
        string[] Samples,
        long LinesThisPoll,
        long LinesThisWindow,
        double BaselineLinesPerWindow,
        double RatioToBaseline,
        DateTimeOffset FirstSeen,
        DateTimeOffset LastSeen,
        string[] Labels);
}
