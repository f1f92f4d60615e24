using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using OrleansAgent.AdminApi.Rules;

namespace OrleansAgent.AdminApi.Infrastructure;

/// <summary>
/// Turns the exceptions that mean bad input or a missing thing into problem details with the right status;
/// anything else is left to the default handler (500 without details).
/// </summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request"),
            KeyNotFoundException => (StatusCodes.Status404NotFound, "Not found"),
            ArgumentException or JsonException or FormatException => (StatusCodes.Status400BadRequest, "Invalid request"),
            RuleSetConflictException => (StatusCodes.Status409Conflict, "Conflict"),
            _ => (0, ""),
        };
        if (status == 0)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = Describe(exception) },
        });
    }

    // A body that fails to bind carries the JSON reader's error (with line and position) as the inner exception.
    private static string Describe(Exception exception) =>
        exception is BadHttpRequestException { InnerException: JsonException json }
            ? $"{exception.Message} {json.Message} Send a JSON body as described in docs/admin-api.md."
            : exception.Message;
}
