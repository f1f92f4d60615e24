namespace OrleansAgent.Grains.Analysis.Ai;

/// <summary>A model call that ended without a usable reply; <see cref="Reason"/> becomes the finding's fallback reason.</summary>
internal sealed class AiCallException(string reason, Exception? innerException = null)
    : Exception($"The model call failed: {reason}.", innerException)
{
    public string Reason { get; } = reason;
}

/// <summary>An HTTP failure of one attempt, before retries decide what to do with it.</summary>
internal sealed class ModelHttpException(int? statusCode, TimeSpan? retryAfter, Exception innerException, bool isTransient = false)
    : Exception(statusCode is null ? "The model server could not be reached." : $"The model server returned HTTP {statusCode}.", innerException)
{
    /// <summary>The HTTP status, or <c>null</c> when no response arrived.</summary>
    public int? StatusCode { get; } = statusCode;

    /// <summary>The wait the server asked for with <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>True for failures that may pass on their own (no response, 408, 429, 5xx) or on a changed request.</summary>
    public bool IsTransient => isTransient || StatusCode is null or 408 or 429 or >= 500;
}

/// <summary>The budget refused the call.</summary>
internal sealed class AiBudgetExhaustedException() : Exception("The model budget is exhausted.");
