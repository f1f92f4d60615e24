using OrleansAgent.Grains.Interfaces.Modes;

namespace OrleansAgent.Grains.Configuration;

/// <summary>How patterns are learned and judged. Bound from <c>Agent:Detection</c>.</summary>
public sealed class DetectionOptions
{
    public const string SectionName = "Agent:Detection";

    /// <summary>The mode of a cluster that has never stored one. Default: <see cref="AgentMode.Training"/>.</summary>
    public AgentMode InitialMode { get; set; } = AgentMode.Training;

    /// <summary>
    /// A candidate pattern seen in more than this many separate baseline windows without an operator flag
    /// becomes known. 0 turns auto-promotion off. Default: 30.
    /// </summary>
    public int AutoPromoteAfterWindows { get; set; } = 30;

    /// <summary>Redacted sample lines kept per pattern. Default: 5.</summary>
    public int MaxSamplesPerPattern { get; set; } = 5;

    /// <summary>Verdict trail entries kept per pattern. Default: 50.</summary>
    public int MaxVerdictTrail { get; set; } = 50;

    /// <summary>Entries the shadow log keeps; the least recently seen go first. Default: 5000.</summary>
    public int MaxShadowEntries { get; set; } = 5000;

    /// <summary>
    /// After an incident of a fingerprint opened, findings of the same fingerprint within this time update it
    /// instead of opening another, even when it was resolved meanwhile. Default: 15 minutes.
    /// </summary>
    public TimeSpan IncidentCooldown { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The JSON-lines file every incident event is appended to. Empty turns it off. Default: <c>data/incidents.jsonl</c>.</summary>
    public string IncidentsFile { get; set; } = Path.Combine("data", "incidents.jsonl");

    /// <summary>
    /// How often each silo reads the cluster's rules and redaction patterns to apply changes made through the
    /// admin API. Default: 5 seconds. Allowed: 1 second to 10 minutes.
    /// </summary>
    public TimeSpan RulesRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}
