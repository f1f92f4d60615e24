using OrleansAgent.Grains.Interfaces.Analysis;

namespace OrleansAgent.Grains.Analysis.Budget;

/// <summary>The persisted budget: when recent calls were made and how many tokens today used.</summary>
[GenerateSerializer, Alias("AiBudgetState")]
public sealed class AiBudgetState
{
    /// <summary>Start times of the calls in the last hour, oldest first (UTC).</summary>
    [Id(0)]
    public List<DateTime> CallTimesUtc { get; set; } = [];

    /// <summary>The UTC day that <see cref="TokensUsed"/> counts.</summary>
    [Id(1)]
    public DateTime DayUtc { get; set; }

    /// <summary>Tokens used or reserved on <see cref="DayUtc"/>.</summary>
    [Id(2)]
    public long TokensUsed { get; set; }

    /// <summary>The limits of the latest request, reported by the status.</summary>
    [Id(3)]
    public AiBudgetLimits? Limits { get; set; }
}
