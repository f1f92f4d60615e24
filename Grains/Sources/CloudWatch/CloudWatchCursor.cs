using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansAgent.Grains.Sources.Remote;

namespace OrleansAgent.Grains.Sources.CloudWatch;

/// <summary>The position of a CloudWatch Logs source: every event with a timestamp below
/// <see cref="Milliseconds"/> was delivered, the observed ingestion lag, and the <c>stream/eventId</c> keys
/// delivered inside the overlap.</summary>
internal sealed class CloudWatchCursor
{
    [JsonPropertyName("v")]
    public int Version { get; set; } = 1;

    /// <summary>Unix time in milliseconds.</summary>
    [JsonPropertyName("ms")]
    public long Milliseconds { get; set; }

    /// <summary>The largest recent <c>ingestionTime − timestamp</c>, in milliseconds, decayed slowly so one
    /// burst of lag does not widen the overlap for ever.</summary>
    [JsonPropertyName("lagMs")]
    public long LagMilliseconds { get; set; }

    [JsonPropertyName("seen")]
    public List<SeenId> Seen { get; set; } = [];

    public string Serialize() => JsonSerializer.Serialize(this);

    /// <exception cref="FormatException">The text is not a CloudWatch cursor.</exception>
    public static CloudWatchCursor Parse(string text) =>
        CursorJson.Parse<CloudWatchCursor>(text, "CloudWatch", cursor => cursor is { Version: 1, Seen: not null });
}
