namespace OrleansAgent.Silo.Replay;

/// <summary>An incident that detect mode would have opened during the replay.</summary>
public sealed record ReplayIncident(
    string Id,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    string Severity,
    string Verdict,
    string PatternId,
    string Template,
    string Title,
    long Lines,
    long Occurrences,
    IReadOnlyList<string> Samples);

/// <summary>What a replay did and what detect mode would have reported.</summary>
public sealed record ReplayReport(
    long TrainingLines,
    long DetectionLines,
    int PatternsLearned,
    int PatternsAtEnd,
    IReadOnlyDictionary<string, long> DetectionVerdictLines,
    double ShareOfLinesForAnalysis,
    long Signals,
    long ModelCallsNeeded,
    long ModelCallsAllowed,
    IReadOnlyDictionary<string, long> Skipped,
    long EventsWithoutTimestamp,
    TimeSpan Elapsed,
    IReadOnlyList<ReplayIncident> Incidents);
