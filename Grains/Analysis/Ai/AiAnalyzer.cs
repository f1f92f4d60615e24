using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Analysis.Budget;
using OrleansAgent.Grains.Interfaces.Analysis;
using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Grains.Analysis.Ai;

/// <summary>
/// Explains signals with a language model behind an OpenAI-compatible API. Signals of a pattern analyzed within
/// the cache TTL reuse that assessment; the rest go to the model in batches of
/// <see cref="AiAnalyzerOptions.MaxSignalsPerCall"/>. Whatever the model does not cover, for any reason, gets
/// the deterministic finding with a <see cref="Finding.FallbackReason"/>, so the result always has one finding
/// per signal, in order.
/// </summary>
public sealed partial class AiAnalyzer : IFindingAnalyzer
{
    /// <summary>The name of the <see cref="HttpClient"/> used for model requests.</summary>
    public const string HttpClientName = "OrleansAgent.Ai";

    private const int MaxTitleLength = 200;

    private readonly AiAnalyzerOptions _options;
    private readonly DeterministicAnalyzer _deterministic;
    private readonly IAiBudget _budget;
    private readonly AiAnalyzerMetrics _metrics;
    private readonly ILogger<AiAnalyzer> _logger;
    private readonly AiFindingCache _cache;
    private readonly AiRequestBuilder? _requestBuilder;
    private readonly AiModelClient? _client;

    public AiAnalyzer(
        IOptions<AiAnalyzerOptions> options,
        DeterministicAnalyzer deterministic,
        IAiBudget budget,
        IPromptRedactor redactor,
        IHttpClientFactory httpClientFactory,
        AiAnalyzerMetrics metrics,
        TimeProvider timeProvider,
        ILogger<AiAnalyzer> logger)
    {
        _options = options.Value;
        _deterministic = deterministic;
        _budget = budget;
        _metrics = metrics;
        _logger = logger;
        _cache = new AiFindingCache(_options.CacheTtl, timeProvider);
        if (!_options.IsModelConfigured)
        {
            LogNoModel(logger);
            return;
        }

        _requestBuilder = new AiRequestBuilder(AiPrompts.Load(_options.PromptDirectory), redactor, _options.MaxSamplesPerSignal);
        _client = new AiModelClient(_options, httpClientFactory.CreateClient(HttpClientName), budget, metrics, timeProvider, logger);
        LogModelConfigured(logger, EndpointHost(), _options.Model!);
    }

    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(IReadOnlyList<Signal> signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signals);
        if (_client is null || _requestBuilder is null)
        {
            _metrics.RecordFallbacks(signals.Count, FallbackReasons.NoModel);
            return [.. signals.Select(signal => _deterministic.Analyze(signal, FallbackReasons.NoModel))];
        }

        var findings = new Finding[signals.Count];
        var pending = new List<int>();
        var hits = 0;
        for (var i = 0; i < signals.Count; i++)
        {
            if (_cache.TryGet(signals[i], out var cached))
            {
                findings[i] = FromAssessment(signals[i], cached);
                hits++;
            }
            else
            {
                pending.Add(i);
            }
        }

        // Signals of one pattern in one batch are asked once; the later ones count as cache hits.
        var distinct = pending.Select(i => signals[i]).DistinctBy(CacheKey).ToList();
        _metrics.RecordCache(hits + pending.Count - distinct.Count, distinct.Count);

        var outcomes = new Dictionary<(string, Verdict), (ModelAssessment? Assessment, string? Reason)>();
        foreach (var chunk in distinct.Chunk(_options.MaxSignalsPerCall))
        {
            await AnalyzeChunkAsync(chunk, outcomes, cancellationToken);
        }

        foreach (var i in pending)
        {
            findings[i] = outcomes[CacheKey(signals[i])] switch
            {
                ({ } assessment, _) => FromAssessment(signals[i], assessment),
                (_, var reason) => _deterministic.Analyze(signals[i], reason),
            };
        }

        if (distinct.Count > 0)
        {
            await ReadBudgetAsync(cancellationToken);
        }

        return findings;
    }

    /// <summary>Returns the counters, the circuit state and the cluster budget. The API key is never part of it.</summary>
    public async Task<AiAnalyzerStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var budget = await ReadBudgetAsync(cancellationToken);
        var hits = _metrics.CacheHits;
        var misses = _metrics.CacheMisses;
        return new AiAnalyzerStatus(
            _options.IsModelConfigured,
            EndpointHost(),
            _options.IsModelConfigured ? _options.Model! : string.Empty,
            budget,
            _client?.CircuitState.CircuitState.ToString() ?? "Closed",
            hits,
            misses,
            hits + misses == 0 ? 0 : (double)hits / (hits + misses),
            _metrics.Calls,
            _metrics.Failures,
            _metrics.Fallbacks,
            _metrics.InputTokens,
            _metrics.OutputTokens,
            _options.MinConfidence);
    }

    /// <summary>Reads the cluster budget and passes it to the gauges; returns <c>null</c> when the grain cannot be reached.</summary>
    private async Task<AiBudgetStatus?> ReadBudgetAsync(CancellationToken cancellationToken)
    {
        try
        {
            var budget = await _budget.GetStatusAsync(cancellationToken);
            _metrics.RecordBudget(budget);
            return budget;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogBudgetStatusFailed(_logger, exception);
            return null;
        }
    }

    /// <summary>Asks the model about <paramref name="chunk"/>, once more for the signals the first reply left out.</summary>
    private async Task AnalyzeChunkAsync(Signal[] chunk, Dictionary<(string, Verdict), (ModelAssessment?, string?)> outcomes, CancellationToken ct)
    {
        IReadOnlyList<Signal> remaining = chunk;
        const int MaxAttempts = 2;
        for (var attempt = 1; attempt <= MaxAttempts && remaining.Count > 0; attempt++)
        {
            var request = _requestBuilder!.Build(remaining);
            ModelReply reply;
            try
            {
                reply = await _client!.CompleteAsync(request, ct);
            }
            catch (AiCallException exception) when (exception.Reason == FallbackReasons.InvalidOutput && attempt < MaxAttempts)
            {
                LogInvalidOutput(_logger, remaining.Count, attempt, MaxAttempts);
                continue;
            }
            catch (AiCallException exception)
            {
                Fail(remaining, exception.Reason, outcomes);
                return;
            }

            var assessments = AiResponseParser.Parse(reply.Content, remaining.Count);
            foreach (var (index, assessment) in assessments)
            {
                outcomes[CacheKey(remaining[index])] = (assessment, null);
                _cache.Add(remaining[index], assessment);
            }

            remaining = [.. remaining.Where((_, index) => !assessments.ContainsKey(index))];
            if (remaining.Count > 0)
            {
                LogInvalidOutput(_logger, remaining.Count, attempt, MaxAttempts);
            }
        }

        Fail(remaining, FallbackReasons.InvalidOutput, outcomes);
    }

    private void Fail(IReadOnlyList<Signal> signals, string reason, Dictionary<(string, Verdict), (ModelAssessment?, string?)> outcomes)
    {
        if (signals.Count == 0)
        {
            return;
        }

        foreach (var signal in signals)
        {
            outcomes[CacheKey(signal)] = (null, reason);
        }

        _metrics.RecordFallbacks(signals.Count, reason);
    }

    /// <summary>Binds an assessment to <paramref name="signal"/>: the model's words, the signal's current counts.</summary>
    private Finding FromAssessment(Signal signal, ModelAssessment assessment)
    {
        // An operator rule's severity is a floor: the model may raise it, never lower it.
        var severity = signal.RuleSeverity is { } floor && floor > assessment.Severity ? floor : assessment.Severity;
        var title = assessment.Title.Length <= MaxTitleLength ? assessment.Title : assessment.Title[..MaxTitleLength];
        return new Finding(
            signal,
            title,
            $"{assessment.Summary} {SignalText.Counts(signal)}",
            severity,
            assessment.Confidence,
            assessment.Category,
            assessment.LikelyCause,
            assessment.SuggestedActions,
            _options.Model!,
            IsDeterministic: false,
            FallbackReason: null);
    }

    private static (string, Verdict) CacheKey(Signal signal) => (signal.PatternId, signal.Verdict);

    private string EndpointHost() =>
        _options.IsModelConfigured && Uri.TryCreate(_options.Endpoint, UriKind.Absolute, out var uri) ? uri.Authority : string.Empty;

    [LoggerMessage(Level = LogLevel.Information, Message = "AI analyzer off: Agent:Ai:Endpoint or Agent:Ai:Model is not set, so every finding is deterministic")]
    private static partial void LogNoModel(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "AI analyzer uses model {Model} at {EndpointHost}")]
    private static partial void LogModelConfigured(ILogger logger, string endpointHost, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model output covered too few signals: {Missing} invalid or missing after attempt {Attempt} of {MaxAttempts}")]
    private static partial void LogInvalidOutput(ILogger logger, int missing, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the AI budget status failed")]
    private static partial void LogBudgetStatusFailed(ILogger logger, Exception exception);
}
