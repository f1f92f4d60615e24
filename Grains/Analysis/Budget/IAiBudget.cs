using OrleansAgent.Grains.Interfaces.Analysis;

namespace OrleansAgent.Grains.Analysis.Budget;

/// <summary>Limits model calls per hour and tokens per day. Every model call needs a lease first.</summary>
public interface IAiBudget
{
    /// <summary>Reserves one call and <paramref name="estimatedTokens"/> tokens, or returns <c>null</c> when the budget is spent.</summary>
    Task<BudgetLease?> TryAcquireAsync(int estimatedTokens, CancellationToken ct);

    /// <summary>Replaces the estimate of <paramref name="lease"/> with the tokens the call actually used.</summary>
    Task RecordUsageAsync(BudgetLease lease, int actualTokens, CancellationToken ct);

    /// <summary>Returns the calls and tokens used and left.</summary>
    Task<AiBudgetStatus> GetStatusAsync(CancellationToken ct);
}
