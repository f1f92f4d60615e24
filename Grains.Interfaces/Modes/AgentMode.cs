namespace OrleansAgent.Grains.Interfaces.Modes;

/// <summary>How the agent acts on what it finds.</summary>
[GenerateSerializer, Alias("AgentMode")]
public enum AgentMode
{
    /// <summary>Learns patterns and baselines and reports nothing.</summary>
    Training = 0,

    /// <summary>Writes what it would report to the shadow log and creates no incident.</summary>
    Shadow = 1,

    /// <summary>Turns findings into incidents.</summary>
    Detect = 2,
}

/// <summary>The current mode and the change that set it.</summary>
[GenerateSerializer, Immutable, Alias("ModeStatus")]
public sealed record ModeStatus(AgentMode Mode, DateTimeOffset? ChangedAt, string? ChangedBy, string? Reason);

/// <summary>One mode change in the history.</summary>
[GenerateSerializer, Immutable, Alias("ModeChange")]
public sealed record ModeChange(AgentMode From, AgentMode To, DateTimeOffset At, string ChangedBy, string Reason);
