using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansAgent.Grains.Sources.Remote;

namespace OrleansAgent.Grains.Sources.Loki;

/// <summary>The position of a Loki source: every line below <see cref="Nanoseconds"/> was delivered, and the
/// hashes of lines delivered inside the overlap window.</summary>
internal sealed class LokiCursor
{
    [JsonPropertyName("v")]
    public int Version { get; set; } = 1;

    /// <summary>Unix time in nanoseconds.</summary>
    [JsonPropertyName("ns")]
    public long Nanoseconds { get; set; }

    [JsonPropertyName("seen")]
    public List<SeenId> Seen { get; set; } = [];

    public string Serialize() => JsonSerializer.Serialize(this);

    /// <exception cref="FormatException">The text is not a Loki cursor.</exception>
    public static LokiCursor Parse(string text) =>
        CursorJson.Parse<LokiCursor>(text, "Loki", cursor => cursor is { Version: 1, Seen: not null });
}
