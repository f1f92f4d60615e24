using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace OrleansAgent.Tests.Sources.Loki;

/// <summary>A Loki query_range endpoint over an in-memory store. It applies the selector's equality matchers,
/// the inclusive start and exclusive end, the direction and the limit across all streams, and can be told to
/// misbehave the way real Loki does.</summary>
internal sealed partial class FakeLoki : IAsyncDisposable
{
    private readonly List<StoredLine> _lines = [];
    private readonly object _lock = new();
    private FakeHttpServer? _server;

    public ConcurrentQueue<(int Status, string Body, string? RetryAfter)> ScriptedErrors { get; } = new();

    public ConcurrentQueue<Dictionary<string, string>> Requests { get; } = new();

    public ConcurrentQueue<Dictionary<string, string>> RequestHeaders { get; } = new();

    /// <summary>When set, requests without this X-Scope-OrgID get 400 "no org id".</summary>
    public string? RequiredTenant { get; set; }

    /// <summary>The server's max_entries_limit_per_query.</summary>
    public int MaxEntriesLimit { get; set; } = 5000;

    /// <summary>The server's max_query_length.</summary>
    public TimeSpan MaxQueryLength { get; set; } = TimeSpan.FromHours(721);

    /// <summary>Returns values as 3-element arrays with structured metadata, as with categorize-labels.</summary>
    public bool CategorizeLabels { get; set; }

    /// <summary>When set, replaces the body of the next successful response.</summary>
    public string? RawBodyOverride { get; set; }

    public Uri BaseAddress => _server!.BaseAddress;

    public static async Task<FakeLoki> StartAsync()
    {
        var fake = new FakeLoki();
        fake._server = await FakeHttpServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    public void Push(IReadOnlyDictionary<string, string> labels, long ns, string line, IReadOnlyDictionary<string, string>? metadata = null)
    {
        lock (_lock)
        {
            _lines.Add(new StoredLine(new Dictionary<string, string>(labels), ns, line, metadata ?? new Dictionary<string, string>()));
        }
    }

    public async ValueTask DisposeAsync() => await _server!.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        // Kestrel reuses the request collections after the response, so keep copies.
        Requests.Enqueue(context.Request.Query.ToDictionary(p => p.Key, p => p.Value.ToString()));
        RequestHeaders.Enqueue(context.Request.Headers.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase));
        if (context.Request.Path != "/loki/api/v1/query_range")
        {
            await Text(context, 404, "404 page not found");
            return;
        }

        if (ScriptedErrors.TryDequeue(out var error))
        {
            if (error.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = error.RetryAfter;
            }

            await Text(context, error.Status, error.Body);
            return;
        }

        if (RequiredTenant is not null && context.Request.Headers["X-Scope-OrgID"] != RequiredTenant)
        {
            await Text(context, 400, "no org id");
            return;
        }

        var query = context.Request.Query;
        var start = long.Parse(query["start"]!, CultureInfo.InvariantCulture);
        var end = long.Parse(query["end"]!, CultureInfo.InvariantCulture);
        var limit = int.Parse(query["limit"]!, CultureInfo.InvariantCulture);
        if (limit > MaxEntriesLimit)
        {
            await Text(context, 400, $"max entries limit per query exceeded, limit > max_entries_limit_per_query ({limit} > {MaxEntriesLimit})");
            return;
        }

        if (end - start > MaxQueryLength.Ticks * 100)
        {
            await Text(context, 400, $"the query time range exceeds the limit (query length: {TimeSpan.FromTicks((end - start) / 100)}, limit: {MaxQueryLength})");
            return;
        }

        if (end < start)
        {
            await Text(context, 400, "invalid query, through < from");
            return;
        }

        var matchers = ParseSelector(query["query"]!);
        var forward = query["direction"] == "forward";
        List<StoredLine> selected;
        lock (_lock)
        {
            var inRange = _lines.Where(l => l.Ns >= start && l.Ns < end && matchers.All(m => l.Labels.GetValueOrDefault(m.Key) == m.Value));
            selected = (forward ? inRange.OrderBy(l => l.Ns) : inRange.OrderByDescending(l => l.Ns)).Take(limit).ToList();
        }

        if (RawBodyOverride is { } raw)
        {
            RawBodyOverride = null;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(raw);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(BuildResponse(selected)));
    }

    private object BuildResponse(List<StoredLine> selected)
    {
        // Without categorize-labels, structured metadata is merged into the stream labels, which splits one
        // stream into one result per distinct metadata set, like Loki 3.
        var groups = selected.GroupBy(l => CategorizeLabels ? Key(l.Labels) : Key(l.Labels.Concat(l.Metadata)));
        var result = groups.Select(g =>
        {
            var first = g.First();
            var streamLabels = CategorizeLabels ? first.Labels : first.Labels.Concat(first.Metadata).ToDictionary();
            var values = g.Select(l => CategorizeLabels
                ? (object)new object[] { l.Ns.ToString(CultureInfo.InvariantCulture), l.Line, new Dictionary<string, object> { ["structuredMetadata"] = l.Metadata } }
                : new object[] { l.Ns.ToString(CultureInfo.InvariantCulture), l.Line }).ToList();
            return new { stream = streamLabels, values };
        }).ToList();

        var data = new Dictionary<string, object> { ["resultType"] = "streams", ["result"] = result, ["stats"] = new { summary = new { execTime = 0.001 } } };
        if (CategorizeLabels)
        {
            data["encodingFlags"] = new[] { "categorize-labels" };
        }

        return new { status = "success", data };
    }

    private static string Key(IEnumerable<KeyValuePair<string, string>> labels) =>
        string.Join(",", labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    private static List<KeyValuePair<string, string>> ParseSelector(string query)
    {
        var selector = query[..(query.IndexOf('}') + 1)];
        return MatcherRegex().Matches(selector).Select(m => KeyValuePair.Create(m.Groups[1].Value, m.Groups[2].Value)).ToList();
    }

    private static async Task Text(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(body);
    }

    [GeneratedRegex(@"(\w+)\s*=\s*""([^""]*)""")]
    private static partial Regex MatcherRegex();

    private sealed record StoredLine(Dictionary<string, string> Labels, long Ns, string Line, IReadOnlyDictionary<string, string> Metadata);
}
