using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;
using ChatResponseFormat = OpenAI.Chat.ChatResponseFormat;
using ChatTokenUsage = OpenAI.Chat.ChatTokenUsage;
using OrleansAgent.Grains.Analysis.Budget;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace OrleansAgent.Grains.Analysis.Ai;

/// <summary>The model's reply and the tokens it cost.</summary>
internal sealed record ModelReply(string? Content, int InputTokens, int OutputTokens);

/// <summary>
/// Sends one request to an OpenAI-compatible chat completions API through Semantic Kernel, inside a Polly
/// pipeline: a total timeout, retries of transient failures that honour <c>Retry-After</c> while time is left,
/// and a circuit breaker. Every HTTP attempt takes a budget lease first, so retries are budgeted too.
/// </summary>
internal sealed partial class AiModelClient
{
    // The OpenAI client needs a credential; servers without authentication (Ollama, vLLM, LM Studio) ignore it.
    private const string PlaceholderApiKey = "no-key";
    private const int MaxRetries = 2;

    private static readonly ResiliencePropertyKey<DateTimeOffset> DeadlineKey = new("OrleansAgent.Ai.Deadline");

    private readonly IChatCompletionService _chat;
    private readonly ResiliencePipeline<ModelReply> _pipeline;
    private readonly IAiBudget _budget;
    private readonly TimeProvider _timeProvider;
    private readonly AiAnalyzerOptions _options;
    private readonly AiAnalyzerMetrics _metrics;
    private readonly ILogger _logger;
    private bool _schemaRejected;

    public AiModelClient(AiAnalyzerOptions options, HttpClient httpClient, IAiBudget budget, AiAnalyzerMetrics metrics, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _budget = budget;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(options.Endpoint!),
            Transport = new HttpClientPipelineTransport(httpClient),

            // Polly owns retries and the timeout; the client's own retries would spend budget unseen.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = options.Timeout + TimeSpan.FromSeconds(5),
        };
        var apiKey = string.IsNullOrEmpty(options.ApiKey) ? PlaceholderApiKey : options.ApiKey;
        var client = new OpenAIClient(new ApiKeyCredential(apiKey), clientOptions);
        _chat = new OpenAIChatCompletionService(options.Model!, client);
        _pipeline = BuildPipeline(options.Timeout, timeProvider);
    }

    /// <summary>The circuit breaker state, for the status.</summary>
    public CircuitBreakerStateProvider CircuitState { get; } = new();

    /// <summary>Sends <paramref name="request"/>; throws <see cref="AiCallException"/> with the fallback reason when it fails.</summary>
    public async Task<ModelReply> CompleteAsync(AiRequest request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(DeadlineKey, _timeProvider.GetUtcNow() + _options.Timeout);
        Outcome<ModelReply> outcome;
        try
        {
            outcome = await _pipeline.ExecuteOutcomeAsync(
                static (ctx, state) => state.Client.AttemptAsync(state.Request, ctx), context, (Client: this, Request: request));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (outcome.Exception is null)
        {
            return outcome.Result!;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var reason = ToReason(outcome.Exception);
        if (reason == FallbackReasons.TimedOut)
        {
            _metrics.RecordFailure(reason);
        }

        if (reason is FallbackReasons.BudgetExhausted or FallbackReasons.CircuitOpen)
        {
            // Both repeat for every batch while they last; the fallback counter already records them.
            LogCallSkipped(_logger, reason);
        }
        else if (reason == FallbackReasons.CallFailed)
        {
            LogCallFailedUnexpectedly(_logger, outcome.Exception);
        }
        else
        {
            LogCallFailed(_logger, reason, outcome.Exception);
        }

        throw new AiCallException(reason, outcome.Exception);
    }

    private static string ToReason(Exception exception) => exception switch
    {
        AiCallException failure => failure.Reason,
        AiBudgetExhaustedException => FallbackReasons.BudgetExhausted,
        TimeoutRejectedException => FallbackReasons.TimedOut,
        BrokenCircuitException => FallbackReasons.CircuitOpen,
        ModelHttpException { StatusCode: { } status } => FallbackReasons.HttpStatus(status),
        ModelHttpException => FallbackReasons.Unreachable,
        _ => FallbackReasons.CallFailed,
    };

    private async ValueTask<Outcome<ModelReply>> AttemptAsync(AiRequest request, ResilienceContext context)
    {
        var ct = context.CancellationToken;
        var lease = await _budget.TryAcquireAsync(request.EstimatedTokens, ct);
        if (lease is null)
        {
            return Outcome.FromException<ModelReply>(new AiBudgetExhaustedException());
        }

        _metrics.RecordCall();
        try
        {
            var reply = await SendAsync(request, ct);
            await _budget.RecordUsageAsync(lease, reply.InputTokens + reply.OutputTokens, CancellationToken.None);
            _metrics.RecordTokens(reply.InputTokens, reply.OutputTokens);
            return Outcome.FromResult(reply);
        }
        catch (AiCallException exception)
        {
            _metrics.RecordFailure(exception.Reason);
            throw;
        }
        catch (ModelHttpException exception)
        {
            // A rejected request costs no tokens. A timed-out one keeps its estimate, because the server may have
            // spent them.
            await _budget.RecordUsageAsync(lease, 0, CancellationToken.None);
            _metrics.RecordFailure(ToReason(exception));
            LogAttemptFailed(_logger, exception.StatusCode ?? 0, exception.RetryAfter?.TotalSeconds ?? 0);
            return Outcome.FromException<ModelReply>(exception);
        }
    }

    private async Task<ModelReply> SendAsync(AiRequest request, CancellationToken ct)
    {
        var useSchema = _options.UseStructuredOutput && !Volatile.Read(ref _schemaRejected);
        var settings = new OpenAIPromptExecutionSettings
        {
            Temperature = _options.Temperature,
            MaxTokens = request.MaxOutputTokens,
            ResponseFormat = useSchema
                ? ChatResponseFormat.CreateJsonSchemaFormat(AiResponseSchema.Name, BinaryData.FromString(AiResponseSchema.Json), jsonSchemaIsStrict: true)
                : null,
        };
        var history = new ChatHistory();
        history.AddSystemMessage(request.SystemMessage);
        history.AddUserMessage(request.UserMessage);

        ChatMessageContent message;
        try
        {
            message = await _chat.GetChatMessageContentAsync(history, settings, kernel: null, ct);
        }
        catch (HttpOperationException exception) when (useSchema && RejectsSchema(exception))
        {
            // The server does not support a JSON schema response format. From now on the prompt alone requests
            // JSON, and the retry goes out without the schema.
            Volatile.Write(ref _schemaRejected, true);
            LogSchemaRejected(_logger);
            throw new ModelHttpException(400, null, exception, isTransient: true);
        }
        catch (HttpOperationException exception)
        {
            var status = exception.StatusCode is { } code && (int)code > 0 ? (int)code : (int?)null;
            throw new ModelHttpException(status, RetryAfter(exception.InnerException as ClientResultException), exception);
        }
        catch (ClientResultException exception)
        {
            throw new ModelHttpException(exception.Status > 0 ? exception.Status : null, RetryAfter(exception), exception);
        }
        catch (HttpRequestException exception)
        {
            throw new ModelHttpException(null, null, exception);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A 200 response the client cannot read (not JSON, no choices) is an invalid reply, not a transport failure.
            throw new AiCallException(FallbackReasons.InvalidOutput, exception);
        }

        var (input, output) = Usage(message, request);
        return new ModelReply(message.Content, input, output);
    }

    private static bool RejectsSchema(HttpOperationException exception) =>
        exception.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity
        && exception.ResponseContent is { } content
        && (content.Contains("response_format", StringComparison.OrdinalIgnoreCase) || content.Contains("json_schema", StringComparison.OrdinalIgnoreCase));

    private static (int Input, int Output) Usage(ChatMessageContent message, AiRequest request)
    {
        if (message.Metadata is not null && message.Metadata.TryGetValue("Usage", out var value) && value is ChatTokenUsage usage)
        {
            return (usage.InputTokenCount, usage.OutputTokenCount);
        }

        // A server that reports no usage is charged the estimate, so the daily budget still binds.
        return (request.EstimatedInputTokens, request.MaxOutputTokens);
    }

    private static TimeSpan? RetryAfter(ClientResultException? exception)
    {
        var headers = exception?.GetRawResponse()?.Headers;
        if (headers is null)
        {
            return null;
        }

        if (headers.TryGetValue("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (!headers.TryGetValue("Retry-After", out var retryAfter) || string.IsNullOrWhiteSpace(retryAfter))
        {
            return null;
        }

        if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? (date - DateTimeOffset.UtcNow) is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero
            : null;
    }

    private ResiliencePipeline<ModelReply> BuildPipeline(TimeSpan timeout, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder<ModelReply> { TimeProvider = timeProvider };
        builder.AddTimeout(timeout);
        builder.AddRetry(new RetryStrategyOptions<ModelReply>
        {
            MaxRetryAttempts = MaxRetries,
            Delay = TimeSpan.FromSeconds(1),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.Context)),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is ModelHttpException { RetryAfter: { } wait } ? wait : (TimeSpan?)null),
        });
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<ModelReply>
        {
            // Opens after half of at least four attempts within a minute failed, and probes again after 30 s.
            FailureRatio = 0.5,
            MinimumThroughput = 4,
            SamplingDuration = TimeSpan.FromMinutes(1),
            BreakDuration = TimeSpan.FromSeconds(30),
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is ModelHttpException { IsTransient: true }),
            StateProvider = CircuitState,
        });
        return builder.Build();
    }

    /// <summary>Retries a transient failure unless the server asked for a wait that would pass the deadline.</summary>
    private bool ShouldRetry(Exception? exception, ResilienceContext context)
    {
        if (exception is not ModelHttpException { IsTransient: true } failure)
        {
            return false;
        }

        if (failure.RetryAfter is not { } wait)
        {
            return true;
        }

        return context.Properties.TryGetValue(DeadlineKey, out var deadline) && _timeProvider.GetUtcNow() + wait < deadline;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Model attempt failed with HTTP {StatusCode} (0 = no response), Retry-After {RetryAfterSeconds} s")]
    private static partial void LogAttemptFailed(ILogger logger, int statusCode, double retryAfterSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model server rejected the JSON schema response format; requests now ask for JSON in the prompt only. Set Agent:Ai:UseStructuredOutput to false to skip the first attempt")]
    private static partial void LogSchemaRejected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Model call skipped ({Reason}); the deterministic finding is used")]
    private static partial void LogCallSkipped(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model call failed unexpectedly; the deterministic finding is used")]
    private static partial void LogCallFailedUnexpectedly(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model call failed ({Reason}); the deterministic finding is used")]
    private static partial void LogCallFailed(ILogger logger, string reason, Exception exception);
}
