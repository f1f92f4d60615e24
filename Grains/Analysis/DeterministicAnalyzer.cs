using System.Collections.Immutable;
using System.Text.RegularExpressions;
using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Grains.Analysis;

/// <summary>
/// Explains signals from their counts, level, rule and keywords alone. It needs no model, so it is also the
/// fallback of the model analyzer.
/// </summary>
/// <remarks>
/// Confidence is a fixed value per evidence: <see cref="RuleConfidence"/> when an operator rule set the
/// severity, <see cref="LevelConfidence"/> when the log level decided it, <see cref="KeywordConfidence"/> when
/// only words in the template did, and <see cref="NoEvidenceConfidence"/> otherwise.
/// </remarks>
public sealed class DeterministicAnalyzer : IFindingAnalyzer
{
    /// <summary>The <see cref="Finding.Analyzer"/> value of deterministic findings.</summary>
    public const string AnalyzerName = "deterministic";

    public const double RuleConfidence = 0.9;
    public const double LevelConfidence = 0.6;
    public const double KeywordConfidence = 0.4;
    public const double NoEvidenceConfidence = 0.2;

    private const int MaxActions = 5;

    public Task<IReadOnlyList<Finding>> AnalyzeAsync(IReadOnlyList<Signal> signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signals);
        IReadOnlyList<Finding> findings = [.. signals.Select(signal => Analyze(signal, fallbackReason: null))];
        return Task.FromResult(findings);
    }

    /// <summary>Returns the deterministic finding of one signal, marked with <paramref name="fallbackReason"/> when given.</summary>
    public Finding Analyze(Signal signal, string? fallbackReason)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var (severity, confidence) = AssessSeverity(signal);
        var text = signal.Template + "\n" + string.Join('\n', signal.Samples.IsDefault ? [] : signal.Samples);
        var category = TryMatch(DeterministicKeywords.CategoryWords, text, out var matchedCategory) ? matchedCategory : "application";
        var cause = TryMatch(DeterministicKeywords.Causes, text, out var matchedCause) ? matchedCause : string.Empty;

        return new Finding(
            signal,
            Title(signal, severity),
            Summary(signal),
            severity,
            confidence,
            category,
            cause,
            Actions(signal, category),
            AnalyzerName,
            IsDeterministic: true,
            fallbackReason);
    }

    private static (Severity Severity, double Confidence) AssessSeverity(Signal signal)
    {
        if (signal.RuleSeverity is { } ruleSeverity)
        {
            return (ruleSeverity, RuleConfidence);
        }

        if (!string.IsNullOrWhiteSpace(signal.Level) && TryMatch(DeterministicKeywords.SeverityWords, signal.Level, out var levelSeverity))
        {
            return (levelSeverity, LevelConfidence);
        }

        if (TryMatch(DeterministicKeywords.SeverityWords, signal.Template, out var keywordSeverity))
        {
            return (keywordSeverity, KeywordConfidence);
        }

        return signal.Verdict == Verdict.Spike ? (Severity.Low, NoEvidenceConfidence) : (Severity.Info, NoEvidenceConfidence);
    }

    private static string Title(Signal signal, Severity severity)
    {
        var origin = SignalText.Origin(signal);
        var template = SignalText.ShortTemplate(signal);
        if (signal.RuleName is not null)
        {
            return $"Rule {signal.RuleName} matched in {origin}: {template}";
        }

        return signal.Verdict switch
        {
            Verdict.Spike => $"Spike in {origin}: {template} ({SignalText.Ratio(signal.Ratio)} baseline)",
            Verdict.Escalate => $"Escalated pattern in {origin}: {template}",
            Verdict.Unknown => $"New {KindWord(severity)}pattern in {origin}: {template}",
            _ => $"Pattern in {origin}: {template}",
        };
    }

    private static string KindWord(Severity severity) => severity switch
    {
        >= Severity.High => "error ",
        Severity.Medium => "warning ",
        _ => string.Empty,
    };

    private static string Summary(Signal signal)
    {
        var what = signal.Verdict switch
        {
            Verdict.Spike => "A known pattern is far above its baseline rate.",
            Verdict.Unknown => "A pattern the agent has not seen before.",
            Verdict.Escalate => "A pattern an operator marked to be always reported.",
            _ => "A pattern matched an alert rule.",
        };
        if (signal.RuleName is not null)
        {
            what = $"The lines matched alert rule {signal.RuleName}.";
        }

        var where = $"Source {signal.Source}" +
            (string.IsNullOrWhiteSpace(signal.Service) ? string.Empty : $", service {signal.Service}") +
            (string.IsNullOrWhiteSpace(signal.Level) ? string.Empty : $", level {signal.Level}") + ".";
        return $"{what} {SignalText.Counts(signal)} {where}";
    }

    private static ImmutableArray<string> Actions(Signal signal, string category)
    {
        var actions = new List<string>();
        if (signal.Verdict == Verdict.Spike)
        {
            actions.Add("Compare the start of the spike with recent deploys, configuration changes and traffic.");
        }
        else if (signal.Verdict == Verdict.Unknown)
        {
            actions.Add("Check whether a recent deploy or configuration change introduced this message.");
        }

        actions.Add(category switch
        {
            "memory" => "Check memory use and limits of the process or container, and recent restarts.",
            "storage" => "Check free space, inodes and I/O errors on the affected volume or bucket.",
            "database" => "Check database health: connections, locks, slow queries and replication.",
            "auth" => "Check credentials, token expiry and recent permission changes for the caller.",
            "messaging" => "Check broker health, consumer lag and dead-letter queues.",
            "network" => "Check that the target service is up and reachable (DNS, ports, TLS, load balancer).",
            _ => "Read the sample lines and the surrounding logs of the service around the first occurrence.",
        });
        actions.Add($"Look at the logs of {SignalText.Origin(signal)} around {signal.FirstSeen.UtcDateTime:yyyy-MM-dd HH:mm} UTC for the first occurrence.");
        actions.Add("If this is expected, mark the pattern as known or suppressed so it stops being reported.");
        return [.. actions.Take(MaxActions)];
    }

    private static bool TryMatch<T>(IReadOnlyList<(Regex Pattern, T Value)> table, string text, out T value)
    {
        foreach (var (pattern, candidate) in table)
        {
            if (pattern.IsMatch(text))
            {
                value = candidate;
                return true;
            }
        }

        value = default!;
        return false;
    }
}
