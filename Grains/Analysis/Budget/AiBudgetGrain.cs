using OrleansAgent.Grains.Interfaces.Analysis;

namespace OrleansAgent.Grains.Analysis.Budget;

/// <summary>
/// The cluster-wide model budget. One activation serializes every reservation, and the state is written on
/// each change so a restarted silo does not hand out the hour's calls a second time.
/// </summary>
public sealed class AiBudgetGrain(
    [PersistentState("budget", "agent")] IPersistentState<AiBudgetState> budget,
    TimeProvider timeProvider) : Grain, IAiBudgetGrain
{
    public async Task<BudgetLease?> TryAcquireAsync(int estimatedTokens, AiBudgetLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var lease = AiBudgetLedger.TryAcquire(budget.State, estimatedTokens, limits, UtcNow());
        await budget.WriteStateAsync();
        return lease;
    }

    public async Task RecordUsageAsync(BudgetLease lease, int actualTokens)
    {
        ArgumentNullException.ThrowIfNull(lease);
        AiBudgetLedger.RecordUsage(budget.State, lease, actualTokens, UtcNow());
        await budget.WriteStateAsync();
    }

    public Task<AiBudgetStatus> GetStatusAsync() => Task.FromResult(AiBudgetLedger.GetStatus(budget.State, UtcNow()));

    private DateTime UtcNow() => timeProvider.GetUtcNow().UtcDateTime;
}
