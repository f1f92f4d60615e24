using System.Text.Json;

namespace OrleansAgent.Grains.Sources.Elasticsearch;

/// <summary>One hit of a search page.</summary>
/// <param name="Message">The message field, or <c>null</c> when the document has none.</param>
/// <param name="Source">The raw <c>_source</c> JSON, used as text when the message field is missing.</param>
internal sealed record ElasticsearchHit(string Index, string Id, long Nanoseconds, string? Message, string Source);

/// <summary>One search page.</summary>
/// <param name="SearchAfter">The sort array of the last hit, to send as <c>search_after</c>.</param>
internal sealed record ElasticsearchPage(string? PitId, List<ElasticsearchHit> Hits, JsonElement? SearchAfter);

/// <summary>Parses search responses and rejects partial results.</summary>
internal static class ElasticsearchResponseParser
{
    /// <summary>Parses a successful search response.</summary>
    /// <exception cref="FormatException">The body is not a search response.</exception>
    /// <exception cref="PartialResultException">The response reports that some shards failed or the search timed out.</exception>
    public static ElasticsearchPage ParseSearch(string body, string messageField)
    {
        using var document = ParseJson(body);
        var root = document.RootElement;
        if (root.TryGetProperty("timed_out", out var timedOut) && timedOut.ValueKind == JsonValueKind.True)
        {
            throw new PartialResultException("the search timed out (timed_out: true), so the page may be missing hits");
        }

        if (root.TryGetProperty("_shards", out var shards) && shards.TryGetProperty("failed", out var failed)
            && failed.TryGetInt32(out var failedCount) && failedCount > 0)
        {
            throw new PartialResultException($"{failedCount} shard(s) failed ({FirstShardFailure(shards)}), so the page is missing hits");
        }

        if (!root.TryGetProperty("hits", out var hitsObject) || !hitsObject.TryGetProperty("hits", out var hits) || hits.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("'hits.hits' is missing");
        }

        var pitId = root.TryGetProperty("pit_id", out var pit) ? pit.GetString() : null;
        var result = new List<ElasticsearchHit>(hits.GetArrayLength());
        JsonElement? searchAfter = null;
        foreach (var hit in hits.EnumerateArray())
        {
            var index = RequireString(hit, "_index");
            var id = RequireString(hit, "_id");
            if (!hit.TryGetProperty("sort", out var sort) || sort.ValueKind != JsonValueKind.Array || sort.GetArrayLength() == 0
                || sort[0].ValueKind != JsonValueKind.Number || !sort[0].TryGetInt64(out var ns))
            {
                throw new FormatException($"hit {index}/{id} has no integer sort value; the timestamp field must be a date or date_nanos field");
            }

            var source = hit.TryGetProperty("_source", out var sourceElement) ? sourceElement : default;
            result.Add(new ElasticsearchHit(index, id, ns, ReadField(source, messageField), source.ValueKind == JsonValueKind.Undefined ? "{}" : source.GetRawText()));
            searchAfter = sort.Clone();
        }

        return new ElasticsearchPage(pitId, result, searchAfter);
    }

    /// <summary>Returns the <c>id</c> of an open point in time response.</summary>
    /// <exception cref="FormatException">The body has no id.</exception>
    public static string ParsePointInTime(string body)
    {
        using var document = ParseJson(body);
        return document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()!
            : throw new FormatException("'id' is missing from the point in time response");
    }

    /// <summary>Returns the error type of an error response (<c>error.type</c>), or <c>null</c>.</summary>
    public static string? ErrorType(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("type", out var type)
                ? type.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads a field by its full dotted name first, then as a path through nested objects.</summary>
    private static string? ReadField(JsonElement source, string field)
    {
        if (source.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (source.TryGetProperty(field, out var flat))
        {
            return AsText(flat);
        }

        var current = source;
        foreach (var part in field.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return null;
            }
        }

        return AsText(current);
    }

    private static string? AsText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    private static string FirstShardFailure(JsonElement shards)
    {
        if (shards.TryGetProperty("failures", out var failures) && failures.ValueKind == JsonValueKind.Array && failures.GetArrayLength() > 0
            && failures[0].TryGetProperty("reason", out var reason))
        {
            var type = reason.TryGetProperty("type", out var t) ? t.GetString() : null;
            var text = reason.TryGetProperty("reason", out var r) ? r.GetString() : null;
            return $"{type}: {text}";
        }

        return "no failure details";
    }

    private static string RequireString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"a hit has no '{name}'");

    private static JsonDocument ParseJson(string body)
    {
        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new FormatException("the body is not a JSON object");
            }

            return document;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not JSON: {ex.Message}", ex);
        }
    }
}

/// <summary>A search response that reported partial results.</summary>
internal sealed class PartialResultException(string message) : Exception(message);
