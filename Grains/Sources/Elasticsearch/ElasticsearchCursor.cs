using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansAgent.Grains.Sources.Remote;

namespace OrleansAgent.Grains.Sources.Elasticsearch;

/// <summary>The position of an Elasticsearch source: every document with a timestamp below
/// <see cref="Nanoseconds"/> was delivered, and the <c>_index/_id</c> keys delivered inside the overlap.</summary>
internal sealed class ElasticsearchCursor
{
    [JsonPropertyName("v")]
    public int Version { get; set; } = 1;

    /// <summary>Unix time in nanoseconds, so <c>date_nanos</c> fields keep their precision.</summary>
    [JsonPropertyName("ns")]
    public long Nanoseconds { get; set; }

    [JsonPropertyName("seen")]
    public List<SeenId> Seen { get; set; } = [];

    public string Serialize() => JsonSerializer.Serialize(this);

    /// <exception cref="FormatException">The text is not an Elasticsearch cursor.</exception>
    public static ElasticsearchCursor Parse(string text) =>
        CursorJson.Parse<ElasticsearchCursor>(text, "Elasticsearch", cursor => cursor is { Version: 1, Seen: not null });
}
