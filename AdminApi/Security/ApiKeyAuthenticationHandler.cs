using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace OrleansAgent.AdminApi.Security;

/// <summary>
/// Authenticates requests by API key, from the <c>X-Api-Key</c> header, <c>Authorization: Bearer</c> or the
/// password of <c>Authorization: Basic</c>. Without
/// configured keys, a request from a loopback address is the anonymous admin and any other request is refused.
/// </summary>
public sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string AnonymousName = "anonymous@loopback";

    private const string BearerPrefix = "Bearer ";
    private const string BasicPrefix = "Basic ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!keys.HasKeys)
        {
            return Task.FromResult(IsLoopback(Context.Connection.RemoteIpAddress)
                ? Success(AnonymousName, ApiRoles.Admin)
                : AuthenticateResult.Fail("No API keys are configured, so only loopback clients are served."));
        }

        var presented = PresentedKey();
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var entry = keys.Find(presented);
        if (entry is null)
        {
            // The key itself is never logged: a mistyped key is often one character away from a real one.
            LogRejectedKey(Logger, Context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        return Task.FromResult(Success(entry.Name, entry.Role));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = new Microsoft.Extensions.Primitives.StringValues(["Bearer realm=\"orleans-agent\"", "Basic realm=\"orleans-agent\""]);
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "Authentication required",
            keys.HasKeys
                ? $"Send an API key in the {HeaderName} header or as Authorization: Bearer <key>."
                : "This agent has no API keys configured and serves loopback clients only; configure Agent:Api:Keys to allow remote access.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden",
            "The API key's role does not allow this request: viewer keys read, operator keys change patterns, reviews, incidents, sources and the mode, admin keys change everything.");

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        var problems = Context.RequestServices.GetService(typeof(IProblemDetailsService)) as IProblemDetailsService;
        if (problems is null)
        {
            return Task.CompletedTask;
        }

        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    private string? PresentedKey()
    {
        if (Request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrEmpty(header.ToString()))
        {
            return header.ToString();
        }

        var authorization = Request.Headers[HeaderNames.Authorization].ToString();
        if (authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) && authorization.Length > BearerPrefix.Length)
        {
            return authorization[BearerPrefix.Length..].Trim();
        }

        return authorization.StartsWith(BasicPrefix, StringComparison.OrdinalIgnoreCase) ? BasicPassword(authorization[BasicPrefix.Length..].Trim()) : null;
    }

    /// <summary>
    /// Returns the password of Basic credentials, ignoring the user name. Browsers send them after a Basic challenge,
    /// so the dashboard and the API reference open in a browser, which cannot set an API key header.
    /// </summary>
    private static string? BasicPassword(string encoded)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = text.IndexOf(':');
            return colon >= 0 && colon < text.Length - 1 ? text[(colon + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static AuthenticateResult Success(string name, string role)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name) };
        claims.AddRange(ApiRoles.Granted(role).Select(granted => new Claim(ClaimTypes.Role, granted)));
        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>True for 127.0.0.0/8, ::1 and IPv4-mapped loopback; false for a missing address.</summary>
    public static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    [LoggerMessage(EventId = 1801, EventName = "ApiKeyRejected", Level = LogLevel.Warning,
        Message = "Rejected a request with an unknown API key from {RemoteAddress}")]
    private static partial void LogRejectedKey(ILogger logger, string remoteAddress);
}
