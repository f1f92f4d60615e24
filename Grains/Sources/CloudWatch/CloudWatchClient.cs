using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using OrleansAgent.Grains.Sources.Remote;

namespace OrleansAgent.Grains.Sources.CloudWatch;

/// <summary>One event of a <c>FilterLogEvents</c> page.</summary>
internal sealed record CloudWatchEvent(string Stream, string EventId, long Timestamp, long? IngestionTime, string Message);

/// <summary>One <c>FilterLogEvents</c> page. <see cref="NextToken"/> is <c>null</c> on the last page.</summary>
internal sealed record CloudWatchPage(List<CloudWatchEvent> Events, string? NextToken);

/// <summary>Calls <c>FilterLogEvents</c> over the JSON 1.1 protocol with SigV4 signing.</summary>
internal sealed class CloudWatchClient(string sourceName, CloudWatchSourceOptions options, HttpClient httpClient, TimeProvider timeProvider)
{
    private const string Target = "Logs_20140328.FilterLogEvents";
    private const string ContentType = "application/x-amz-json-1.1";
    private const string Service = "logs";

    // Resolved on first use, so building a source never walks the credential chain.
    private AWSCredentials? _credentials;

    /// <summary>The endpoint: <see cref="CloudWatchSourceOptions.ServiceUrl"/>, or the regional endpoint.</summary>
    public Uri Endpoint { get; } = ResolveEndpoint(options);

    public static Uri ResolveEndpoint(CloudWatchSourceOptions options) =>
        new(string.IsNullOrEmpty(options.ServiceUrl) ? $"https://logs.{options.Region}.amazonaws.com/" : options.ServiceUrl);

    public async Task<CloudWatchPage> FilterLogEventsAsync(long startMs, long endMs, string? nextToken, CancellationToken cancellationToken)
    {
        var body = BuildBody(startMs, endMs, nextToken);
        ImmutableCredentials credentials;
        try
        {
            _credentials ??= CreateCredentials(options);
            credentials = await _credentials.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (AmazonClientException ex)
        {
            throw new LogSourceException(sourceName, $"No AWS credentials were found ({ex.Message}). Set CloudWatch:AccessKeyId and CloudWatch:SecretAccessKey, or configure the AWS credential chain.", isTransient: true, innerException: ex);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(body) };
        var unsigned = new Dictionary<string, string> { ["Content-Type"] = ContentType, ["X-Amz-Target"] = Target };
        var signed = AwsRequestSigner.Sign("POST", Endpoint, unsigned, body, credentials, options.Region, Service, timeProvider.GetUtcNow().UtcDateTime);
        foreach (var (name, value) in signed)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                // HttpClient writes the same Host value that was signed.
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        string text;
        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            text = await HttpSourceErrors.ReadBodyAsync(sourceName, response, RemoteLimits.MaxResponseBytes, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw HttpSourceErrors.FromTransport(sourceName, "CloudWatch FilterLogEvents", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw Error(response, text);
            }
        }

        try
        {
            return ParsePage(text);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            throw HttpSourceErrors.Malformed(sourceName, "CloudWatch FilterLogEvents", ex.Message, text, ex);
        }
    }

    private byte[] BuildBody(long startMs, long endMs, string? nextToken)
    {
        var body = new JsonObject
        {
            ["logGroupName"] = options.LogGroupName,
            ["startTime"] = startMs,
            ["endTime"] = endMs,
            ["limit"] = options.PageSize,
        };
        if (!string.IsNullOrEmpty(options.LogStreamNamePrefix))
        {
            body["logStreamNamePrefix"] = options.LogStreamNamePrefix;
        }

        if (!string.IsNullOrEmpty(options.FilterPattern))
        {
            body["filterPattern"] = options.FilterPattern;
        }

        if (nextToken is not null)
        {
            body["nextToken"] = nextToken;
        }

        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    private static CloudWatchPage ParsePage(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the body is not a JSON object");
        }

        // Absent members mean empty: the service omits "events" and "nextToken" when there are none.
        var events = new List<CloudWatchEvent>();
        if (root.TryGetProperty("events", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                events.Add(new CloudWatchEvent(
                    RequireString(item, "logStreamName"),
                    RequireString(item, "eventId"),
                    item.TryGetProperty("timestamp", out var ts) && ts.TryGetInt64(out var timestamp) ? timestamp : throw new FormatException("an event has no integer 'timestamp'"),
                    item.TryGetProperty("ingestionTime", out var ing) && ing.ValueKind == JsonValueKind.Number ? ing.GetInt64() : null,
                    item.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString()! : ""));
            }
        }
        else if (root.TryGetProperty("events", out var other) && other.ValueKind != JsonValueKind.Null)
        {
            throw new FormatException("'events' is not an array");
        }

        var next = root.TryGetProperty("nextToken", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
        return new CloudWatchPage(events, next);
    }

    private LogSourceException Error(HttpResponseMessage response, string body)
    {
        var type = ErrorType(response, body);
        var (transient, advice) = type switch
        {
            "ThrottlingException" or "LimitExceededException" => (true, "FilterLogEvents is throttled (about 5 requests per second per account and region); the poll is retried after a backoff. Consider fewer shards or a longer poll interval."),
            "ResourceNotFoundException" => (true, $"The log group '{options.LogGroupName}' does not exist (yet); the poll is retried."),
            "ServiceUnavailableException" or "InternalFailure" => (true, "The poll is retried after a backoff."),
            "InvalidParameterException" => (false, "Check CloudWatch:LogGroupName, CloudWatch:LogStreamNamePrefix and CloudWatch:FilterPattern."),
            "AccessDeniedException" or "UnrecognizedClientException" or "InvalidSignatureException" or "ExpiredTokenException" =>
                (false, "Check the AWS credentials and that they allow logs:FilterLogEvents on this log group."),
            _ => ((int)response.StatusCode >= 500, "Check the source configuration."),
        };
        return new LogSourceException(
            sourceName,
            $"CloudWatch FilterLogEvents failed with HTTP {(int)response.StatusCode} ({type ?? "no error type"}): {HttpSourceErrors.Excerpt(body)} {advice}",
            transient,
            response.Headers.RetryAfter?.Delta);
    }

    /// <summary>Returns the error type without its namespace prefix, from <c>x-amzn-ErrorType</c> or the
    /// <c>__type</c> member.</summary>
    private static string? ErrorType(HttpResponseMessage response, string body)
    {
        string? raw = null;
        if (response.Headers.TryGetValues("x-amzn-ErrorType", out var values))
        {
            raw = values.FirstOrDefault()?.Split(':')[0];
        }

        if (raw is null)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                raw = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("__type", out var type) ? type.GetString() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return raw is null ? null : raw[(raw.LastIndexOf('#') + 1)..];
    }

    private static string RequireString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"an event has no '{name}'");

    private static AWSCredentials CreateCredentials(CloudWatchSourceOptions options)
    {
        if (string.IsNullOrEmpty(options.AccessKeyId))
        {
            // The standard chain: environment, shared profile, web identity, container and instance roles.
            return DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }

        return string.IsNullOrEmpty(options.SessionToken)
            ? new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey)
            : new SessionAWSCredentials(options.AccessKeyId, options.SecretAccessKey, options.SessionToken);
    }
}
