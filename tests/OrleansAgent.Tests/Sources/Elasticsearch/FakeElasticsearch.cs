using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OrleansAgent.Tests.Sources.Elasticsearch;

/// <summary>An Elasticsearch endpoint over an in-memory store: point in time open and close, <c>_search</c>
/// under a PIT with a range filter, a time sort with <c>_shard_doc</c> appended, <c>search_after</c>, and
/// scripted failures. A PIT sees the documents that existed when it was opened.</summary>
internal sealed class FakeElasticsearch : IAsyncDisposable
{
    private const int ShardCount = 3;

    private readonly List<Document> _documents = [];
    private readonly Dictionary<string, List<Document>> _pits = [];
    private readonly HashSet<string> _indices = new(StringComparer.Ordinal);
    private readonly object _lock = new();
    private FakeHttpServer? _server;
    private int _pitCounter;
    private long _sequence;

    /// <summary>Responses returned, in order, for the next search requests instead of searching. A
    /// <c>null</c> item lets that request search normally.</summary>
    public ConcurrentQueue<(int Status, string Body, string? RetryAfter)?> ScriptedSearchResponses { get; } = new();

    /// <summary>Whether responses carry <c>X-Elastic-Product: Elasticsearch</c>. OpenSearch sends none.</summary>
    public bool SendProductHeader { get; set; } = true;

    public ConcurrentQueue<(string Method, string Path, Dictionary<string, string> Headers, string Body)> Requests { get; } = new();

    /// <summary>Gives every search response a new <c>pit_id</c> and forgets the old one, as Elasticsearch may.</summary>
    public bool RotatePitIds { get; set; }

    public string TimestampField { get; set; } = "@timestamp";

    public int OpenPitCount
    {
        get
        {
            lock (_lock)
            {
                return _pits.Count;
            }
        }
    }

    public Uri BaseAddress => _server!.BaseAddress;

    public static async Task<FakeElasticsearch> StartAsync(Action<ListenOptions>? configureListen = null)
    {
        var fake = new FakeElasticsearch();
        fake._server = await FakeHttpServer.StartAsync(fake.HandleAsync, configureListen);
        return fake;
    }

    public void Add(string index, string id, long ns, object source)
    {
        lock (_lock)
        {
            _indices.Add(index);
            var shard = (long)(uint)StringComparer.Ordinal.GetHashCode(index) % ShardCount;
            _documents.Add(new Document(index, id, ns, JsonSerializer.Serialize(source), (shard << 32) | _sequence++));
        }
    }

    /// <summary>Drops every open PIT, as when keep-alive expires.</summary>
    public void ExpireAllPits()
    {
        lock (_lock)
        {
            _pits.Clear();
        }
    }

    public async ValueTask DisposeAsync() => await _server!.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        // The Elasticsearch client compresses request bodies, as the real server accepts.
        var input = context.Request.Headers.ContentEncoding == "gzip"
            ? new System.IO.Compression.GZipStream(context.Request.Body, System.IO.Compression.CompressionMode.Decompress)
            : context.Request.Body;
        var body = await new StreamReader(input).ReadToEndAsync();
        var path = context.Request.Path.Value ?? "";
        Requests.Enqueue((context.Request.Method, path + context.Request.QueryString, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
        if (SendProductHeader)
        {
            context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
        }
        if (context.Request.Method == "POST" && path.EndsWith("/_pit", StringComparison.Ordinal))
        {
            await OpenPit(context, path[1..^"/_pit".Length]);
        }
        else if (context.Request.Method == "DELETE" && path == "/_pit")
        {
            var id = JsonNode.Parse(body)!["id"]!.GetValue<string>();
            lock (_lock)
            {
                _pits.Remove(id);
            }

            await Json(context, 200, """{"succeeded":true,"num_freed":1}""");
        }
        else if (context.Request.Method == "POST" && path == "/_search")
        {
            await Search(context, JsonNode.Parse(body)!.AsObject());
        }
        else
        {
            await Json(context, 400, """{"error":{"type":"illegal_argument_exception","reason":"unsupported request"},"status":400}""");
        }
    }

    private async Task OpenPit(HttpContext context, string pattern)
    {
        string id;
        lock (_lock)
        {
            if (!pattern.Contains('*') && !_indices.Contains(pattern))
            {
                id = "";
            }
            else
            {
                id = $"pit-{++_pitCounter}";
                _pits[id] = _documents.Where(d => Matches(pattern, d.Index)).ToList();
            }
        }

        if (id.Length == 0)
        {
            await Json(context, 404, $$$"""{"error":{"root_cause":[{"type":"index_not_found_exception","reason":"no such index [{{{pattern}}}]"}],"type":"index_not_found_exception","reason":"no such index [{{{pattern}}}]","index":"{{{pattern}}}"},"status":404}""");
            return;
        }

        await Json(context, 200, $$$"""{"id":"{{{id}}}","_shards":{"total":3,"successful":3,"skipped":0,"failed":0}}""");
    }

    private async Task Search(HttpContext context, JsonObject request)
    {
        if (ScriptedSearchResponses.TryDequeue(out var next) && next is { } scripted)
        {
            if (scripted.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = scripted.RetryAfter;
            }

            await Json(context, scripted.Status, scripted.Body);
            return;
        }

        var pitId = request["pit"]!["id"]!.GetValue<string>();
        List<Document>? snapshot;
        lock (_lock)
        {
            _pits.TryGetValue(pitId, out snapshot);
            if (snapshot is not null && RotatePitIds)
            {
                _pits.Remove(pitId);
                pitId = $"pit-{++_pitCounter}";
                _pits[pitId] = snapshot;
            }
        }

        if (snapshot is null)
        {
            await Json(context, 404, $$$"""{"error":{"root_cause":[{"type":"search_context_missing_exception","reason":"No search context found for id [{{{pitId}}}]"}],"type":"search_context_missing_exception","reason":"No search context found for id [{{{pitId}}}]"},"status":404}""");
            return;
        }

        var size = request["size"]!.GetValue<int>();
        var filters = request["query"]!["bool"]!["filter"]!.AsArray();
        var range = filters.Select(f => f!["range"]).First(r => r is not null)![TimestampField]!;
        var gte = ParseNanos(range["gte"]!.GetValue<string>());
        var lt = ParseNanos(range["lt"]!.GetValue<string>());
        var terms = filters.Select(f => f!["term"]).Where(t => t is not null).SelectMany(t => t!.AsObject()).ToList();
        var sortSpec = request["sort"]![0]![TimestampField]!;
        if (sortSpec["numeric_type"]?.GetValue<string>() != "date_nanos")
        {
            await Json(context, 400, """{"error":{"type":"illegal_argument_exception","reason":"test fake expects numeric_type date_nanos"},"status":400}""");
            return;
        }

        var after = request["search_after"]?.AsArray();
        var hits = snapshot
            .Where(d => d.Ns >= gte && d.Ns < lt)
            .Where(d => terms.All(t => JsonNode.Parse(d.Source)![t.Key]?.ToString() == t.Value!.ToString()))
            .OrderBy(d => d.Ns).ThenBy(d => d.ShardDoc)
            .Where(d => after is null || (d.Ns, d.ShardDoc).CompareTo((after[0]!.GetValue<long>(), after[1]!.GetValue<long>())) > 0)
            .Take(size)
            .Select(d => new JsonObject
            {
                ["_index"] = d.Index,
                ["_id"] = d.Id,
                ["_score"] = null,
                ["_source"] = JsonNode.Parse(d.Source),
                ["sort"] = new JsonArray(d.Ns, d.ShardDoc),
            })
            .ToArray();

        var response = new JsonObject
        {
            ["took"] = 1,
            ["timed_out"] = false,
            ["pit_id"] = pitId,
            ["_shards"] = new JsonObject { ["total"] = 3, ["successful"] = 3, ["skipped"] = 0, ["failed"] = 0 },
            ["hits"] = new JsonObject { ["max_score"] = null, ["hits"] = new JsonArray(hits) },
        };
        await Json(context, 200, response.ToJsonString());
    }

    private static bool Matches(string pattern, string index) =>
        pattern.Split(',').Any(p => System.Text.RegularExpressions.Regex.IsMatch(index, "^" + System.Text.RegularExpressions.Regex.Escape(p).Replace("\\*", ".*", StringComparison.Ordinal) + "$"));

    /// <summary>Parses <c>yyyy-MM-ddTHH:mm:ss.fffffffffZ</c> to Unix nanoseconds.</summary>
    private static long ParseNanos(string text)
    {
        var dot = text.IndexOf('.');
        var seconds = DateTimeOffset.ParseExact(text[..dot] + "Z", "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        var fraction = text[(dot + 1)..^1].PadRight(9, '0');
        return (seconds * 1_000_000_000L) + long.Parse(fraction, CultureInfo.InvariantCulture);
    }

    private static async Task Json(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    private sealed record Document(string Index, string Id, long Ns, string Source, long ShardDoc);
}
