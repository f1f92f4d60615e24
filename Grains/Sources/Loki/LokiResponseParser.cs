using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OrleansAgent.Grains.Sources.Loki;

/// <summary>One log line from a <c>query_range</c> response.</summary>
/// <param name="Labels">Stream labels, structured metadata and parsed labels merged, so the key is the same
/// whether or not the server categorizes labels.</param>
internal sealed record LokiEntry(long Nanoseconds, string Line, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The dedup key: a hash of the sorted labels, the timestamp and the line.</summary>
    public string Hash { get; } = ComputeHash(Nanoseconds, Line, Labels);

    private static string ComputeHash(long ns, string line, IReadOnlyDictionary<string, string> labels)
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in labels.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            // The unit separator cannot appear in label names, so distinct label sets never join to the same text.
            builder.Append(key).Append('\u001f').Append(value).Append('\u001e');
        }

        builder.Append(ns.ToString(CultureInfo.InvariantCulture)).Append('\u001d').Append(line);
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())).AsSpan(0, 16));
    }
}

/// <summary>Parses the JSON of <c>/loki/api/v1/query_range</c> for a log query.</summary>
internal static class LokiResponseParser
{
    /// <summary>Returns every entry of every stream, sorted by time, then labels, then line, because Loki
    /// applies the limit across streams and leaves the merge to the client.</summary>
    /// <exception cref="FormatException">The body is not a successful streams result.</exception>
    public static List<LokiEntry> Parse(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var status) || status.GetString() != "success")
            {
                throw new FormatException("'status' is not 'success'");
            }

            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("'data' is missing");
            }

            if (!data.TryGetProperty("resultType", out var resultType) || resultType.GetString() != "streams")
            {
                throw new FormatException("'data.resultType' is not 'streams'; the query must be a log query, not a metric query");
            }

            if (!data.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("'data.result' is missing");
            }

            var entries = new List<LokiEntry>();
            foreach (var stream in result.EnumerateArray())
            {
                ParseStream(stream, entries);
            }

            entries.Sort(static (a, b) =>
            {
                var byTime = a.Nanoseconds.CompareTo(b.Nanoseconds);
                return byTime != 0 ? byTime : string.CompareOrdinal(a.Hash, b.Hash);
            });
            return entries;
        }
    }

    private static void ParseStream(JsonElement stream, List<LokiEntry> entries)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (stream.TryGetProperty("stream", out var streamLabels) && streamLabels.ValueKind == JsonValueKind.Object)
        {
            AddLabels(streamLabels, labels);
        }

        if (!stream.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("a stream has no 'values' array");
        }

        foreach (var value in values.EnumerateArray())
        {
            var length = value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : 0;
            if (length is not (2 or 3) || value[0].ValueKind != JsonValueKind.String || value[1].ValueKind != JsonValueKind.String)
            {
                throw new FormatException("a value is not a [\"<ns>\", \"<line>\"] or [\"<ns>\", \"<line>\", {metadata}] array");
            }

            if (!long.TryParse(value[0].GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ns))
            {
                throw new FormatException($"the timestamp '{value[0].GetString()}' is not an integer number of nanoseconds");
            }

            var entryLabels = labels;
            if (length == 3 && value[2].ValueKind == JsonValueKind.Object)
            {
                entryLabels = new Dictionary<string, string>(labels, StringComparer.Ordinal);
                foreach (var category in value[2].EnumerateObject())
                {
                    if (category.Value.ValueKind == JsonValueKind.Object)
                    {
                        AddLabels(category.Value, entryLabels);
                    }
                }
            }

            entries.Add(new LokiEntry(ns, value[1].GetString()!, entryLabels));
        }
    }

    private static void AddLabels(JsonElement source, Dictionary<string, string> target)
    {
        foreach (var label in source.EnumerateObject())
        {
            target[label.Name] = label.Value.ValueKind == JsonValueKind.String ? label.Value.GetString()! : label.Value.GetRawText();
        }
    }
}
