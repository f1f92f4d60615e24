namespace OrleansAgent.Grains.Interfaces.Analysis;

/// <summary>
/// The model budget of the whole cluster: model calls per sliding hour and tokens per UTC day. Use the single
/// key <see cref="GrainKeys.Cluster"/> so every silo draws from the same budget.
/// </summary>
[Alias("IAiBudgetGrain")]
public interface IAiBudgetGrain : IGrainWithStringKey
{
    /// <summary>
    /// Reserves one model call and <paramref name="estimatedTokens"/> tokens. Returns <c>null</c> when the call
    /// would exceed either limit; nothing is reserved then.
    /// </summary>
    [Alias("TryAcquire")]
    Task<BudgetLease?> TryAcquireAsync(int estimatedTokens, AiBudgetLimits limits);

    /// <summary>
    /// Replaces the estimate of <paramref name="lease"/> with the tokens the call actually used. A lease from an
    /// earlier UTC day changes nothing, because that day's count is already gone.
    /// </summary>
    [Alias("RecordUsage")]
    Task RecordUsageAsync(BudgetLease lease, int actualTokens);

    /// <summary>Returns the calls and tokens used and left under the limits of the latest request.</summary>
    [Alias("GetStatus")]
    Task<AiBudgetStatus> GetStatusAsync();
}

/// <summary>The limits a caller applies; the latest caller's limits win when silos disagree.</summary>
/// <param name="MaxCallsPerHour">Model calls allowed in any sliding 60-minute window.</param>
/// <param name="MaxTokensPerDay">Input plus output tokens allowed per UTC day.</param>
[GenerateSerializer, Immutable, Alias("AiBudgetLimits")]
public sealed record AiBudgetLimits(int MaxCallsPerHour, long MaxTokensPerDay);

/// <summary>A reservation of one model call and an estimated number of tokens.</summary>
/// <param name="Id">A unique id of the reservation.</param>
/// <param name="DayUtc">The UTC day whose token count holds the reservation.</param>
/// <param name="ReservedTokens">The estimated tokens reserved.</param>
[GenerateSerializer, Immutable, Alias("BudgetLease")]
public sealed record BudgetLease(Guid Id, DateTime DayUtc, int ReservedTokens);

/// <summary>The budget figures at one moment.</summary>
/// <param name="CallsLastHour">Model calls reserved in the last 60 minutes.</param>
/// <param name="CallsLeft">Calls still allowed in the current sliding hour.</param>
/// <param name="TokensToday">Tokens used or reserved in the current UTC day.</param>
/// <param name="TokensLeft">Tokens still allowed today.</param>
/// <param name="Limits">The limits the figures refer to, or <c>null</c> before the first request.</param>
[GenerateSerializer, Immutable, Alias("AiBudgetStatus")]
public sealed record AiBudgetStatus(int CallsLastHour, int CallsLeft, long TokensToday, long TokensLeft, AiBudgetLimits? Limits);
