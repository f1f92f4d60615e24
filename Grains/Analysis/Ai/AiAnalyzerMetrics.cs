using System.Diagnostics.Metrics;
using OrleansAgent.Grains.Interfaces.Analysis;

namespace OrleansAgent.Grains.Analysis.Ai;

/// <summary>
/// Counters of the model analyzer, both as instruments on the <see cref="MeterName"/> meter and as totals for
/// <see cref="AiAnalyzerStatus"/>. Totals are per silo since start.
/// </summary>
public sealed class AiAnalyzerMetrics
{
    public const string MeterName = "OrleansAgent.Ai";

    private readonly Counter<long> _calls;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _cacheMisses;
    private readonly Counter<long> _inputTokens;
    private readonly Counter<long> _outputTokens;

    private long _callCount;
    private long _failureCount;
    private long _fallbackCount;
    private long _cacheHitCount;
    private long _cacheMissCount;
    private long _inputTokenCount;
    private long _outputTokenCount;
    private AiBudgetStatus? _budget;

    public AiAnalyzerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _calls = meter.CreateCounter<long>("orleansagent.ai.calls", "{call}", "Model requests sent, retries included.");
        _failures = meter.CreateCounter<long>("orleansagent.ai.failures", "{call}", "Model requests that failed (HTTP error, no response, timeout, unreadable response), by reason.");
        _fallbacks = meter.CreateCounter<long>("orleansagent.ai.fallbacks", "{finding}", "Deterministic findings used in place of a model finding, by reason.");
        _cacheHits = meter.CreateCounter<long>("orleansagent.ai.cache.hits", "{signal}", "Signals answered from the finding cache.");
        _cacheMisses = meter.CreateCounter<long>("orleansagent.ai.cache.misses", "{signal}", "Signals that needed the model.");
        _inputTokens = meter.CreateCounter<long>("orleansagent.ai.tokens.input", "{token}", "Prompt tokens reported by the model server.");
        _outputTokens = meter.CreateCounter<long>("orleansagent.ai.tokens.output", "{token}", "Completion tokens reported by the model server.");

        // The budget lives in a grain, so the gauges report the figures last read; they are absent before the first read.
        meter.CreateObservableGauge("orleansagent.ai.budget.calls_left", () => Observe(budget => budget.CallsLeft), "{call}", "Model calls left in the sliding hour, as last read.");
        meter.CreateObservableGauge("orleansagent.ai.budget.tokens_used", () => Observe(budget => budget.TokensToday), "{token}", "Tokens used in the current UTC day, as last read.");
        meter.CreateObservableGauge("orleansagent.ai.budget.tokens_left", () => Observe(budget => budget.TokensLeft), "{token}", "Tokens left in the current UTC day, as last read.");
    }

    public long Calls => Interlocked.Read(ref _callCount);

    public long Failures => Interlocked.Read(ref _failureCount);

    public long Fallbacks => Interlocked.Read(ref _fallbackCount);

    public long CacheHits => Interlocked.Read(ref _cacheHitCount);

    public long CacheMisses => Interlocked.Read(ref _cacheMissCount);

    public long InputTokens => Interlocked.Read(ref _inputTokenCount);

    public long OutputTokens => Interlocked.Read(ref _outputTokenCount);

    internal void RecordBudget(AiBudgetStatus budget) => Volatile.Write(ref _budget, budget);

    internal void RecordCall()
    {
        Interlocked.Increment(ref _callCount);
        _calls.Add(1);
    }

    internal void RecordFailure(string reason)
    {
        Interlocked.Increment(ref _failureCount);
        _failures.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    internal void RecordFallbacks(int count, string reason)
    {
        Interlocked.Add(ref _fallbackCount, count);
        _fallbacks.Add(count, new KeyValuePair<string, object?>("reason", reason));
    }

    internal void RecordCache(int hits, int misses)
    {
        Interlocked.Add(ref _cacheHitCount, hits);
        Interlocked.Add(ref _cacheMissCount, misses);
        _cacheHits.Add(hits);
        _cacheMisses.Add(misses);
    }

    internal void RecordTokens(int input, int output)
    {
        Interlocked.Add(ref _inputTokenCount, input);
        Interlocked.Add(ref _outputTokenCount, output);
        _inputTokens.Add(input);
        _outputTokens.Add(output);
    }

    private IEnumerable<Measurement<long>> Observe(Func<AiBudgetStatus, long> figure) =>
        Volatile.Read(ref _budget) is { } budget ? [new Measurement<long>(figure(budget))] : [];
}
