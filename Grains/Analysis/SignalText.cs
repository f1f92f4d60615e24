using System.Globalization;
using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Grains.Analysis;

/// <summary>Wording shared by deterministic and model findings, so both state counts the same way.</summary>
internal static class SignalText
{
    private const int MaxTemplateInTitle = 120;

    /// <summary>Returns where the lines came from: the service when known, else the source.</summary>
    public static string Origin(Signal signal) => string.IsNullOrWhiteSpace(signal.Service) ? signal.Source : signal.Service;

    /// <summary>Returns the template cut to a length that fits a notification subject.</summary>
    public static string ShortTemplate(Signal signal)
    {
        var template = signal.Template.ReplaceLineEndings(" ").Trim();
        return template.Length <= MaxTemplateInTitle ? template : string.Concat(template.AsSpan(0, MaxTemplateInTitle - 3), "...");
    }

    /// <summary>Returns the ratio for a title, such as <c>12x</c>.</summary>
    public static string Ratio(double ratio) => ratio.ToString("0.#", CultureInfo.InvariantCulture) + "x";

    /// <summary>
    /// Returns the counts of the signal in lines per window: this poll, the current window, the baseline and the
    /// ratio, then first and last seen.
    /// </summary>
    public static string Counts(Signal signal)
    {
        var inv = CultureInfo.InvariantCulture;
        var baseline = signal.BaselineMean > 0
            ? string.Create(inv, $"against a baseline of {signal.BaselineMean:0.##} lines per window ({Ratio(signal.Ratio)})")
            : "with no baseline yet";
        return string.Create(inv,
            $"{signal.Count} lines in this poll, {signal.WindowCount} lines in the current window {baseline}. " +
            $"First seen {signal.FirstSeen.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, last seen {signal.LastSeen.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.");
    }
}
