namespace OrleansAgent.Grains.Interfaces.Model;

/// <summary>What the agent concluded about the lines of one pattern in one poll.</summary>
[GenerateSerializer, Alias("Verdict")]
public enum Verdict
{
    /// <summary>A learned pattern at its usual rate: suppressed.</summary>
    Known = 0,

    /// <summary>A pattern the agent has not learned yet.</summary>
    Unknown = 1,

    /// <summary>A learned pattern far above its baseline rate.</summary>
    Spike = 2,

    /// <summary>An operator marked the pattern as always quiet.</summary>
    Suppressed = 3,

    /// <summary>An operator marked the pattern as always reported.</summary>
    Escalate = 4,
}

/// <summary>Severity of a finding or rule, ordered from least to most urgent.</summary>
[GenerateSerializer, Alias("Severity")]
public enum Severity
{
    Info = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
