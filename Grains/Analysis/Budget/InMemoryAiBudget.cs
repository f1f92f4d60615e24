using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Analysis.Ai;
using OrleansAgent.Grains.Interfaces.Analysis;

namespace OrleansAgent.Grains.Analysis.Budget;

/// <summary>
/// A budget held in this process only, with the same rules as <see cref="AiBudgetGrain"/>. Suits tools and
/// single-process tests; a cluster needs <see cref="GrainAiBudget"/> so the silos share one budget.
/// </summary>
public sealed class InMemoryAiBudget(IOptions<AiAnalyzerOptions> options, TimeProvider timeProvider) : IAiBudget
{
    private readonly AiBudgetLimits _limits = new(options.Value.MaxCallsPerHour, options.Value.MaxTokensPerDay);
    private readonly AiBudgetState _state = new();
    private readonly Lock _lock = new();

    public Task<BudgetLease?> TryAcquireAsync(int estimatedTokens, CancellationToken ct)
    {
        lock (_lock)
        {
            return Task.FromResult(AiBudgetLedger.TryAcquire(_state, estimatedTokens, _limits, timeProvider.GetUtcNow().UtcDateTime));
        }
    }

    public Task RecordUsageAsync(BudgetLease lease, int actualTokens, CancellationToken ct)
    {
        lock (_lock)
        {
            AiBudgetLedger.RecordUsage(_state, lease, actualTokens, timeProvider.GetUtcNow().UtcDateTime);
        }

        return Task.CompletedTask;
    }

    public Task<AiBudgetStatus> GetStatusAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            return Task.FromResult(AiBudgetLedger.GetStatus(_state, timeProvider.GetUtcNow().UtcDateTime));
        }
    }
}
