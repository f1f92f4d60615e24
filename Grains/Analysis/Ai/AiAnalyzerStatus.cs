using OrleansAgent.Grains.Interfaces.Analysis;

namespace OrleansAgent.Grains.Analysis.Ai;

/// <summary>What the model analyzer is doing, for the admin API. Holds no key and no prompt text.</summary>
/// <param name="ModelConfigured">False when no endpoint or model is set and every finding is deterministic.</param>
/// <param name="EndpointHost">Host and port of the endpoint, without path or credentials; empty without a model.</param>
/// <param name="Model">The model name; empty without a model.</param>
/// <param name="Budget">The cluster budget, or <c>null</c> when it could not be read.</param>
/// <param name="CircuitState">The circuit breaker: Closed, Open, HalfOpen or Isolated.</param>
/// <param name="CacheHits">Signals answered from the cache (this silo, since start).</param>
/// <param name="CacheMisses">Signals that needed the model.</param>
/// <param name="CacheHitRate">Hits divided by hits plus misses, 0 before the first signal.</param>
/// <param name="Calls">Model requests sent, retries included.</param>
/// <param name="Failures">Model requests that failed.</param>
/// <param name="Fallbacks">Deterministic findings used in place of model findings.</param>
/// <param name="InputTokens">Prompt tokens reported by the server.</param>
/// <param name="OutputTokens">Completion tokens reported by the server.</param>
/// <param name="MinConfidence">The confidence below which a model finding should not open an incident on its own.</param>
public sealed record AiAnalyzerStatus(
    bool ModelConfigured,
    string EndpointHost,
    string Model,
    AiBudgetStatus? Budget,
    string CircuitState,
    long CacheHits,
    long CacheMisses,
    double CacheHitRate,
    long Calls,
    long Failures,
    long Fallbacks,
    long InputTokens,
    long OutputTokens,
    double MinConfidence);
