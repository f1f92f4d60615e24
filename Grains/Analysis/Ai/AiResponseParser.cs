using System.Collections.Immutable;
using System.Text.Json;
using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Grains.Analysis.Ai;

/// <summary>The model's assessment of one signal, validated against <see cref="AiResponseSchema"/>.</summary>
internal sealed record ModelAssessment(
    string Title,
    string Summary,
    Severity Severity,
    double Confidence,
    string Category,
    string LikelyCause,
    ImmutableArray<string> SuggestedActions);

/// <summary>
/// Validates model output item by item: a valid item counts even when others are invalid, so a partial answer
/// covers what it can and only the rest is retried.
/// </summary>
internal static class AiResponseParser
{
    public const int MaxActions = 5;
    private const int MaxTextLength = 2_000;

    /// <summary>Returns the valid assessments by signal index; an index outside <c>0..signalCount-1</c> or repeated is ignored.</summary>
    public static IReadOnlyDictionary<int, ModelAssessment> Parse(string? content, int signalCount)
    {
        var result = new Dictionary<int, ModelAssessment>();
        if (string.IsNullOrWhiteSpace(content))
        {
            return result;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(StripCodeFence(content));
        }
        catch (JsonException)
        {
            return result;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("findings", out var findings)
                || findings.ValueKind != JsonValueKind.Array)
            {
                return result;
            }

            foreach (var item in findings.EnumerateArray())
            {
                if (TryReadItem(item, out var index, out var assessment) && index >= 0 && index < signalCount)
                {
                    result.TryAdd(index, assessment);
                }
            }
        }

        return result;
    }

    private static bool TryReadItem(JsonElement item, out int index, out ModelAssessment assessment)
    {
        index = -1;
        assessment = null!;
        if (item.ValueKind != JsonValueKind.Object
            || !item.TryGetProperty("index", out var indexElement) || !indexElement.TryGetInt32(out index)
            || !TryReadText(item, "title", required: true, out var title)
            || !TryReadText(item, "summary", required: true, out var summary)
            || !TryReadSeverity(item, out var severity)
            || !item.TryGetProperty("confidence", out var confidenceElement) || !confidenceElement.TryGetDouble(out var confidence)
            || confidence is < 0 or > 1
            || !TryReadText(item, "category", required: true, out var category)
            || !TryReadText(item, "likelyCause", required: false, out var cause)
            || !TryReadActions(item, out var actions))
        {
            return false;
        }

        assessment = new ModelAssessment(title, summary, severity, confidence, category.ToLowerInvariant(), cause, actions);
        return true;
    }

    private static bool TryReadText(JsonElement item, string name, bool required, out string text)
    {
        text = string.Empty;
        if (!item.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        text = element.GetString()!.Trim();
        if (text.Length > MaxTextLength)
        {
            text = text[..MaxTextLength];
        }

        return !required || text.Length > 0;
    }

    private static bool TryReadSeverity(JsonElement item, out Severity severity)
    {
        severity = Severity.Info;
        if (!item.TryGetProperty("severity", out var element) || element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        return element.GetString() switch
        {
            "critical" => Set(Severity.Critical, out severity),
            "high" => Set(Severity.High, out severity),
            "medium" => Set(Severity.Medium, out severity),
            "low" => Set(Severity.Low, out severity),
            "info" => Set(Severity.Info, out severity),
            _ => false,
        };
    }

    private static bool Set(Severity value, out Severity severity)
    {
        severity = value;
        return true;
    }

    private static bool TryReadActions(JsonElement item, out ImmutableArray<string> actions)
    {
        actions = [];
        if (!item.TryGetProperty("suggestedActions", out var element) || element.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var list = new List<string>();
        foreach (var action in element.EnumerateArray())
        {
            if (action.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            var text = action.GetString()!.Trim();
            if (text.Length > 0)
            {
                list.Add(text.Length > MaxTextLength ? text[..MaxTextLength] : text);
            }
        }

        // More than five actions is tolerated, because the first five are what a notification shows anyway.
        actions = [.. list.Take(MaxActions)];
        return true;
    }

    /// <summary>Removes a Markdown code fence, which models without structured output often add despite the prompt.</summary>
    private static string StripCodeFence(string content)
    {
        var text = content.Trim();
        if (!text.StartsWith("```", StringComparison.Ordinal))
        {
            return text;
        }

        var firstNewLine = text.IndexOf('\n', StringComparison.Ordinal);
        var lastFence = text.LastIndexOf("```", StringComparison.Ordinal);
        return firstNewLine > 0 && lastFence > firstNewLine ? text[(firstNewLine + 1)..lastFence] : text;
    }
}
