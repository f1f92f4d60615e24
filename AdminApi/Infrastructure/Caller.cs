namespace OrleansAgent.AdminApi.Infrastructure;

/// <summary>Names the caller of a request for histories and the audit log.</summary>
public static class Caller
{
    /// <summary>Returns the authenticated name, or <c>anonymous@loopback</c> when the API runs without keys.</summary>
    public static string Name(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous@loopback";
}
