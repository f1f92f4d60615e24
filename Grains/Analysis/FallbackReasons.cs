namespace OrleansAgent.Grains.Analysis;

/// <summary>The <see cref="Interfaces.Model.Finding.FallbackReason"/> values of deterministic findings.</summary>
public static class FallbackReasons
{
    public const string NoModel = "no model configured";
    public const string BudgetExhausted = "budget exhausted";
    public const string TimedOut = "model timed out";
    public const string InvalidOutput = "invalid model output";
    public const string CircuitOpen = "circuit open";
    public const string Unreachable = "model unreachable";

    /// <summary>An unexpected error, such as an unreachable budget grain; the log has the exception.</summary>
    public const string CallFailed = "model call failed";

    /// <summary>Returns the reason for an HTTP error status, such as <c>model returned HTTP 500</c>.</summary>
    public static string HttpStatus(int statusCode) => $"model returned HTTP {statusCode}";
}
