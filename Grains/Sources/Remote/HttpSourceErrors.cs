using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace OrleansAgent.Grains.Sources.Remote;

/// <summary>Turns HTTP failures of a remote source into <see cref="LogSourceException"/> with the status, a
/// short excerpt of the body and whether retrying can help.</summary>
internal static class HttpSourceErrors
{
    /// <summary>The maximum number of body characters quoted in an error message.</summary>
    public const int ExcerptLength = 300;

    /// <summary>Reads the body as UTF-8, failing when it is larger than <paramref name="maxBytes"/> so a
    /// runaway response cannot exhaust memory.</summary>
    public static async Task<string> ReadBodyAsync(string sourceName, HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw TooLarge(sourceName, response.Content.Headers.ContentLength.Value, maxBytes);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(sourceName, buffer.Length + read, maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Builds the exception for a response with a non-success status.</summary>
    public static LogSourceException FromStatus(string sourceName, string what, HttpResponseMessage response, string body, string? hint = null)
    {
        var status = (int)response.StatusCode;
        var transient = status is 429 or 499 or 408 || status >= 500;
        var advice = hint ?? status switch
        {
            401 or 403 => "Check the credentials configured for this source.",
            429 => "The server is throttling requests; the poll is retried later.",
            _ when transient => "The poll is retried later.",
            _ => "Fix the source configuration; retrying the same request will fail again.",
        };
        return new LogSourceException(
            sourceName,
            $"{what} failed with HTTP {status} ({response.ReasonPhrase}): {Excerpt(body)} {advice}",
            transient,
            RetryAfter(response.Headers.RetryAfter));
    }

    /// <summary>Builds the exception for a request that did not get a response.</summary>
    public static LogSourceException FromTransport(string sourceName, string what, Exception exception) =>
        new(sourceName, $"{what} failed: {exception.Message}", isTransient: true, innerException: exception);

    /// <summary>Builds the exception for a response that is not the expected shape.</summary>
    public static LogSourceException Malformed(string sourceName, string what, string problem, string body, Exception? inner = null) =>
        new(sourceName, $"{what} returned a malformed response ({problem}): {Excerpt(body)}", isTransient: true, innerException: inner);

    /// <summary>Returns the start of <paramref name="body"/> on one line, for error messages.</summary>
    public static string Excerpt(string body)
    {
        var flat = body.ReplaceLineEndings(" ").Trim();
        return flat.Length <= ExcerptLength ? $"'{flat}'" : $"'{flat[..ExcerptLength]}…' ({body.Length} characters)";
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }

    private static LogSourceException TooLarge(string sourceName, long size, long maxBytes) =>
        new(sourceName, $"The response has more than {maxBytes} bytes ({size} read so far); lower PageSize for this source.", isTransient: false);
}
