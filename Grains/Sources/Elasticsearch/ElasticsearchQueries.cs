using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OrleansAgent.Grains.Sources.Elasticsearch;

/// <summary>Builds the JSON bodies the Elasticsearch source sends.</summary>
internal static class ElasticsearchQueries
{
    /// <summary>Builds a search under a point in time for <c>[fromNs, toNs)</c>, sorted by time ascending.
    /// Elasticsearch appends the <c>_shard_doc</c> tiebreaker to the sort of a PIT search, and
    /// <paramref name="searchAfter"/> is the full sort array of the previous page's last hit.</summary>
    public static string Search(ElasticsearchSourceOptions options, string pitId, long fromNs, long toNs, JsonElement? searchAfter)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("size", options.PageSize);
            json.WriteBoolean("track_total_hits", false);
            json.WriteStartObject("pit");
            json.WriteString("id", pitId);
            json.WriteString("keep_alive", KeepAlive(options.PointInTimeKeepAlive));
            json.WriteEndObject();

            json.WriteStartObject("query");
            json.WriteStartObject("bool");
            json.WriteStartArray("filter");
            json.WriteStartObject();
            json.WriteStartObject("range");
            json.WriteStartObject(options.TimestampField);
            json.WriteString("gte", FormatNanoseconds(fromNs));
            json.WriteString("lt", FormatNanoseconds(toNs));
            json.WriteString("format", "strict_date_optional_time_nanos");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            if (!string.IsNullOrWhiteSpace(options.QueryFilter))
            {
                json.WriteRawValue(options.QueryFilter);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            // numeric_type date_nanos makes sort values nanoseconds for date and date_nanos fields alike;
            // unmapped_type keeps a new index without the field from failing the sort.
            json.WriteStartArray("sort");
            json.WriteStartObject();
            json.WriteStartObject(options.TimestampField);
            json.WriteString("order", "asc");
            json.WriteString("unmapped_type", "date");
            json.WriteString("numeric_type", "date_nanos");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();

            if (searchAfter is { } after)
            {
                json.WritePropertyName("search_after");
                after.WriteTo(json);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Builds the body that closes a point in time.</summary>
    public static string ClosePointInTime(string pitId) => JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = pitId });

    /// <summary>Formats a keep-alive as whole seconds, the unit every Elasticsearch version accepts.</summary>
    public static string KeepAlive(TimeSpan span) => $"{Math.Max(1, (long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s";

    /// <summary>Formats Unix nanoseconds as an ISO 8601 UTC time with nine fractional digits.</summary>
    public static string FormatNanoseconds(long ns)
    {
        var seconds = Math.DivRem(ns, 1_000_000_000L, out var fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += 1_000_000_000L;
        }

        var time = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return string.Create(CultureInfo.InvariantCulture, $"{time:yyyy-MM-ddTHH:mm:ss}.{fraction:D9}Z");
    }
}
