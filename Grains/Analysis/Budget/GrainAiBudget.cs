using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Analysis.Ai;
using OrleansAgent.Grains.Interfaces;
using OrleansAgent.Grains.Interfaces.Analysis;

namespace OrleansAgent.Grains.Analysis.Budget;

/// <summary><see cref="IAiBudget"/> over the single <see cref="IAiBudgetGrain"/>, so all silos share one budget.</summary>
public sealed class GrainAiBudget(IGrainFactory grainFactory, IOptions<AiAnalyzerOptions> options) : IAiBudget
{
    private readonly AiBudgetLimits _limits = new(options.Value.MaxCallsPerHour, options.Value.MaxTokensPerDay);

    private IAiBudgetGrain Grain => grainFactory.GetGrain<IAiBudgetGrain>(GrainKeys.Cluster);

    public Task<BudgetLease?> TryAcquireAsync(int estimatedTokens, CancellationToken ct) =>
        Grain.TryAcquireAsync(estimatedTokens, _limits).WaitAsync(ct);

    public Task RecordUsageAsync(BudgetLease lease, int actualTokens, CancellationToken ct) =>
        Grain.RecordUsageAsync(lease, actualTokens).WaitAsync(ct);

    public Task<AiBudgetStatus> GetStatusAsync(CancellationToken ct) => Grain.GetStatusAsync().WaitAsync(ct);
}
