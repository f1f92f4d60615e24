using System.Collections.Immutable;

namespace OrleansAgent.Grains.Interfaces.Model;

/// <summary>The analysis of one <see cref="Signal"/>: what happened, how bad it is and what to do.</summary>
/// <param name="Signal">The signal this finding explains.</param>
/// <param name="Title">One line for a notification subject.</param>
/// <param name="Summary">A few sentences for the notification body.</param>
/// <param name="Severity">The assessed severity.</param>
/// <param name="Confidence">Confidence of the analyzer, from 0 to 1.</param>
/// <param name="Category">The affected system (database, network, auth, storage, application, ...).</param>
/// <param name="LikelyCause">The most likely root cause, or an empty string when unknown.</param>
/// <param name="SuggestedActions">Up to five next steps.</param>
/// <param name="Analyzer">Which analyzer produced it: <c>deterministic</c> or the model name.</param>
/// <param name="IsDeterministic">True when no model produced this finding (no model configured, budget spent,
/// model failure or timeout).</param>
/// <param name="FallbackReason">Why the deterministic finding was used, when a model was configured.</param>
[GenerateSerializer, Immutable, Alias("Finding")]
public sealed record Finding(
    Signal Signal,
    string Title,
    string Summary,
    Severity Severity,
    double Confidence,
    string Category,
    string LikelyCause,
    ImmutableArray<string> SuggestedActions,
    string Analyzer,
    bool IsDeterministic,
    string? FallbackReason);
