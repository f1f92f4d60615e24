using System.Globalization;
using System.Text;
using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Grains.Analysis.Ai;

/// <summary>One model request: the redacted system and user messages and an estimate of its tokens.</summary>
internal sealed record AiRequest(string SystemMessage, string UserMessage, int EstimatedInputTokens, int MaxOutputTokens)
{
    public int EstimatedTokens => EstimatedInputTokens + MaxOutputTokens;
}

/// <summary>
/// Builds the model request from signals. Only the fields written below leave the process. The redactor runs
/// over each field and then over both whole messages as a second guard, in case a caller passed text that was
/// not redacted.
/// </summary>
/// <remarks>
/// Signals are written as plain "key: value" blocks rather than JSON, because a redaction inside a JSON string
/// can swallow an escape character and leave the model a broken document.
/// </remarks>
internal sealed class AiRequestBuilder(AiPrompts prompts, IPromptRedactor redactor, int maxSamplesPerSignal)
{
    /// <summary>The heading of each signal block; the model refers to signals by this index.</summary>
    public const string SignalHeading = "### Signal ";

    // NOTE: four characters per token is a rough estimate for English text with OpenAI tokenizers. The budget
    // replaces it with the usage the server reports.
    private const int CharactersPerToken = 4;
    private const int OutputTokensPerSignal = 400;
    private const int OutputTokensOverhead = 100;

    // Bounds the prompt when a template or sample is a huge line; the start of a line usually names the error.
    private const int MaxTextLength = 1_000;

    public AiRequest Build(IReadOnlyList<Signal> signals)
    {
        var text = new StringBuilder();
        for (var index = 0; index < signals.Count; index++)
        {
            AppendSignal(text, signals[index], index);
        }

        var system = redactor.Redact(prompts.System);
        var user = redactor.Redact(prompts.RenderUser(text.ToString().TrimEnd(), signals.Count));
        var inputTokens = (system.Length + user.Length) / CharactersPerToken + 1;
        var maxOutput = OutputTokensOverhead + OutputTokensPerSignal * signals.Count;
        return new AiRequest(system, user, inputTokens, maxOutput);
    }

    /// <summary>Writes the allowed fields of one signal; counts are lines per baseline window.</summary>
    private void AppendSignal(StringBuilder text, Signal signal, int index)
    {
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"{SignalHeading}{index}\n");
        text.Append(inv, $"verdict: {signal.Verdict.ToString().ToLowerInvariant()}\n");
        text.Append(inv, $"source: {Clean(signal.Source)}\n");
        AppendOptional(text, "service", signal.Service);
        AppendOptional(text, "level", signal.Level);
        AppendOptional(text, "alert rule", signal.RuleName);
        if (signal.RuleSeverity is { } ruleSeverity)
        {
            text.Append(inv, $"alert rule severity: {ruleSeverity.ToString().ToLowerInvariant()}\n");
        }

        text.Append(inv, $"template: {Clean(signal.Template)}\n");
        text.Append(inv, $"lines this poll: {signal.Count}\n");
        text.Append(inv, $"lines in the current window: {signal.WindowCount}\n");
        if (signal.BaselineMean > 0)
        {
            text.Append(inv, $"baseline lines per window: {signal.BaselineMean:0.##}\nratio to baseline: {signal.Ratio:0.##}\n");
        }
        else
        {
            text.Append("baseline lines per window: none yet\n");
        }
        text.Append(inv, $"first seen: {signal.FirstSeen.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\n");
        text.Append(inv, $"last seen: {signal.LastSeen.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\n");
        if (!signal.Labels.IsDefaultOrEmpty)
        {
            text.Append(inv, $"labels: {string.Join(", ", signal.Labels.Select(Clean))}\n");
        }

        if (!signal.Samples.IsDefaultOrEmpty)
        {
            text.Append("sample lines:\n");
            foreach (var sample in signal.Samples.Take(maxSamplesPerSignal))
            {
                // Each physical line of a multi-line event gets the marker, so a line cannot pose as a field.
                foreach (var line in Clean(sample).Split('\n'))
                {
                    text.Append("  | ").Append(line.TrimEnd('\r')).Append('\n');
                }
            }
        }

        text.Append('\n');
    }

    private void AppendOptional(StringBuilder text, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            text.Append(name).Append(": ").Append(Clean(value)).Append('\n');
        }
    }

    private string Clean(string text)
    {
        var redacted = redactor.Redact(text);
        return redacted.Length <= MaxTextLength ? redacted : string.Concat(redacted.AsSpan(0, MaxTextLength), "...");
    }
}
