using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansAgent.Grains.Notifications.Channels;

/// <summary>
/// The shared part of every channel that posts JSON over HTTP: sending, reading a bounded response body and
/// mapping failures to a <see cref="DeliveryResult"/> whose error contains no configured secret.
/// </summary>
public abstract class HttpNotificationChannel(
    string name, string kind, Func<HttpClient> clientFactory, IEnumerable<string?> secrets, TimeProvider timeProvider)
    : INotificationChannel
{
    // Enough of an error body to explain a rejection, because service error bodies are short.
    private const int MaxErrorBodyChars = 300;
    private const int MaxResponseBytes = 64 * 1024;

    private readonly SecretScrubber _scrubber = new(secrets);

    public string Name { get; } = name;

    public string Kind { get; } = kind;

    protected TimeProvider TimeProvider { get; } = timeProvider;

    public async Task<DeliveryResult> SendAsync(IncidentNotification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);

        using var request = BuildRequest(notification);
        try
        {
            var client = clientFactory();
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var body = await ReadBodyAsync(response, ct);
            return InterpretResponse(response, body);
        }
        catch (HttpRequestException ex)
        {
            // The exception message can name the host, so the error keeps only the category.
            return DeliveryResult.Transient($"The {Kind} request failed before a response: {ex.HttpRequestError}.");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return DeliveryResult.Transient($"The {Kind} request timed out.");
        }
    }

    /// <summary>Builds the HTTP request for one notification.</summary>
    protected abstract HttpRequestMessage BuildRequest(IncidentNotification notification);

    /// <summary>
    /// Maps a response to a result. The default accepts any 2xx. Services that report errors inside a 2xx
    /// body override it.
    /// </summary>
    protected virtual DeliveryResult InterpretResponse(HttpResponseMessage response, string body) =>
        MapStatus(response, body);

    /// <summary>Maps the status code: 2xx delivered, 408, 425, 429 and 5xx transient, other codes permanent.</summary>
    protected DeliveryResult MapStatus(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return DeliveryResult.Delivered;
        }

        var error = $"{Kind} returned HTTP {status} {response.ReasonPhrase}{DescribeBody(body)}";
        var transient = response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            || status == 425 || status >= 500;
        return transient
            ? DeliveryResult.Transient(error, ReadRetryAfter(response))
            : DeliveryResult.Permanent(error);
    }

    /// <summary>Returns ": &lt;body excerpt&gt;." with secrets removed, or "." for an empty body.</summary>
    protected string DescribeBody(string body)
    {
        var text = body.Trim();
        if (text.Length == 0)
        {
            return ".";
        }

        if (text.Length > MaxErrorBodyChars)
        {
            text = text[..MaxErrorBodyChars] + "...";
        }

        return ": " + _scrubber.Scrub(text).ReplaceLineEndings(" ") + ".";
    }

    /// <summary>Returns a text with every configured secret replaced, for errors built from service output.</summary>
    protected string Scrub(string text) => _scrubber.Scrub(text);

    /// <summary>Reads the Retry-After header as a delay from now (seconds or an HTTP date).</summary>
    protected TimeSpan? ReadRetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - TimeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>Creates a POST request with a UTF-8 JSON body.</summary>
    protected static HttpRequestMessage PostJson(Uri uri, JsonNode body) => PostJson(uri, body.ToJsonString(JsonOptions));

    /// <summary>Creates a POST request with the given JSON text as body.</summary>
    protected static HttpRequestMessage PostJson(Uri uri, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    /// <summary>Serializer settings for request bodies: compact, and non-ASCII text kept as is.</summary>
    protected static readonly JsonSerializerOptions JsonOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Returns <paramref name="configured"/>, or <paramref name="fallback"/> when it is unset or blank (an empty environment variable).</summary>
    protected static string OrDefault(string? configured, string fallback) =>
        string.IsNullOrWhiteSpace(configured) ? fallback : configured;

    /// <summary>Joins a base URL and a relative path with exactly one slash.</summary>
    protected static Uri Combine(string baseUrl, string path) =>
        new(baseUrl.TrimEnd('/') + "/" + path.TrimStart('/'), UriKind.Absolute);

    /// <summary>Parses a response body as a JSON object, or returns null when it is not one.</summary>
    protected static JsonObject? TryParseObject(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxResponseBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), ct)) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }
}
