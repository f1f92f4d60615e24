using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OrleansAgent.Tests.Sources.CloudWatch;

/// <summary>A CloudWatch Logs <c>FilterLogEvents</c> endpoint (JSON 1.1 protocol) over an in-memory store.
/// It applies the log group, stream prefix, inclusive start and end times and the limit, sorts by timestamp
/// then ingestion time, pages with <c>nextToken</c>, and can return empty pages, repeated tokens and errors.</summary>
internal sealed class FakeCloudWatchLogs : IAsyncDisposable
{
    private readonly List<StoredEvent> _events = [];
    private readonly HashSet<string> _groups = new(StringComparer.Ordinal);
    private readonly object _lock = new();
    private FakeHttpServer? _server;
    private BigInteger _nextEventId = BigInteger.Parse("37954126532598213409713282738926317218723442185231761408", CultureInfo.InvariantCulture);

    /// <summary>Errors returned, in order, for the next requests as <c>(status, __type, message)</c>.</summary>
    public ConcurrentQueue<(int Status, string Type, string Message)> ScriptedErrors { get; } = new();

    /// <summary>The number of empty pages carrying a token to return before the next page with data.</summary>
    public int EmptyPagesBeforeData { get; set; }

    /// <summary>Whether an empty page repeats the token it received, as the service has done.</summary>
    public bool RepeatTokenOnEmptyPages { get; set; }

    public ConcurrentQueue<(Dictionary<string, string> Headers, JsonObject Body)> Requests { get; } = new();

    public Uri BaseAddress => _server!.BaseAddress;

    public static async Task<FakeCloudWatchLogs> StartAsync()
    {
        var fake = new FakeCloudWatchLogs();
        fake._server = await FakeHttpServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    public void CreateGroup(string group)
    {
        lock (_lock)
        {
            _groups.Add(group);
        }
    }

    public void Put(string group, string stream, long timestamp, long ingestionTime, string message)
    {
        lock (_lock)
        {
            _groups.Add(group);
            _nextEventId += 1;
            _events.Add(new StoredEvent(group, stream, timestamp, ingestionTime, message, _nextEventId.ToString(CultureInfo.InvariantCulture)));
        }
    }

    public async ValueTask DisposeAsync() => await _server!.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var text = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        if (context.Request.Method != "POST" || context.Request.Path != "/"
            || headers.GetValueOrDefault("X-Amz-Target") != "Logs_20140328.FilterLogEvents"
            || headers.GetValueOrDefault("Content-Type") != "application/x-amz-json-1.1"
            || !headers.GetValueOrDefault("Authorization", "").StartsWith("AWS4-HMAC-SHA256 Credential=", StringComparison.Ordinal))
        {
            await Error(context, 400, "UnrecognizedClientException", "The security token included in the request is invalid.");
            return;
        }

        var body = JsonNode.Parse(text)!.AsObject();
        Requests.Enqueue((headers, body));
        if (ScriptedErrors.TryDequeue(out var scripted))
        {
            await Error(context, scripted.Status, scripted.Type, scripted.Message);
            return;
        }

        var group = body["logGroupName"]!.GetValue<string>();
        var start = body["startTime"]!.GetValue<long>();
        var end = body["endTime"]!.GetValue<long>();
        var limit = body["limit"]?.GetValue<int>() ?? 10_000;
        var prefix = body["logStreamNamePrefix"]?.GetValue<string>() ?? "";
        var token = body["nextToken"]?.GetValue<string>();
        var offset = token is null ? 0 : int.Parse(token.Split('-')[1], CultureInfo.InvariantCulture);
        if (start > end)
        {
            await Error(context, 400, "InvalidParameterException", "startTime must be less than or equal to endTime");
            return;
        }

        List<StoredEvent> matching;
        bool groupExists;
        lock (_lock)
        {
            groupExists = _groups.Contains(group);
            matching = _events
                .Where(e => e.Group == group && e.Stream.StartsWith(prefix, StringComparison.Ordinal) && e.Timestamp >= start && e.Timestamp <= end)
                .OrderBy(e => e.Timestamp).ThenBy(e => e.IngestionTime)
                .ToList();
        }

        if (!groupExists)
        {
            await Error(context, 400, "ResourceNotFoundException", "The specified log group does not exist.");
            return;
        }

        var response = new JsonObject();
        if (EmptyPagesBeforeData > 0)
        {
            EmptyPagesBeforeData--;
            response["events"] = new JsonArray();
            response["nextToken"] = RepeatTokenOnEmptyPages && token is not null ? token : $"tok-{offset}-{Guid.NewGuid():N}";
            await Json(context, response);
            return;
        }

        var page = matching.Skip(offset).Take(limit).ToList();
        if (page.Count > 0)
        {
            response["events"] = new JsonArray(page.Select(e => (JsonNode)new JsonObject
            {
                ["logStreamName"] = e.Stream,
                ["timestamp"] = e.Timestamp,
                ["message"] = e.Message,
                ["ingestionTime"] = e.IngestionTime,
                ["eventId"] = e.EventId,
            }).ToArray());
        }

        if (offset + page.Count < matching.Count)
        {
            response["nextToken"] = $"tok-{offset + page.Count}-{Guid.NewGuid():N}";
        }

        await Json(context, response);
    }

    private static async Task Json(HttpContext context, JsonObject body)
    {
        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static async Task Error(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = $"com.amazonaws.logs#{type}", ["message"] = message }));
    }

    private sealed record StoredEvent(string Group, string Stream, long Timestamp, long IngestionTime, string Message, string EventId);
}
