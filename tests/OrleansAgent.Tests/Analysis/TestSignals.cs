using System.Collections.Immutable;
using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Tests.Analysis;

/// <summary>Builds signals with sensible defaults for analyzer tests.</summary>
internal static class TestSignals
{
    public static readonly DateTimeOffset FirstSeen = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    public static Signal Create(
        string patternId = "p-1",
        string template = "Payment gateway timeout after <*> ms",
        Verdict verdict = Verdict.Unknown,
        string? level = "ERROR",
        string? ruleName = null,
        Severity? ruleSeverity = null,
        long count = 12,
        long windowCount = 40,
        double baselineMean = 0,
        double ratio = 0,
        string[]? samples = null,
        string[]? labels = null,
        string? service = "checkout") =>
        new(
            Id: $"src/1/{patternId}",
            Source: "app-logs",
            PatternId: patternId,
            Template: template,
            Verdict: verdict,
            RuleName: ruleName,
            RuleSeverity: ruleSeverity,
            Count: count,
            WindowCount: windowCount,
            BaselineMean: baselineMean,
            Ratio: ratio,
            FirstSeen: FirstSeen,
            LastSeen: FirstSeen.AddMinutes(5),
            Samples: samples is null ? ["Payment gateway timeout after 5000 ms"] : [.. samples],
            Labels: labels is null ? ImmutableArray<string>.Empty : [.. labels],
            Service: service,
            Level: level);

    /// <summary>Returns <paramref name="count"/> signals of distinct patterns.</summary>
    public static IReadOnlyList<Signal> Distinct(int count, string prefix = "p") =>
        [.. Enumerable.Range(0, count).Select(i => Create(patternId: $"{prefix}-{i}", template: $"Unknown failure {i} in step <*>"))];
}
