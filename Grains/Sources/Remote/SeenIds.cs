using System.Text.Json.Serialization;

namespace OrleansAgent.Grains.Sources.Remote;

/// <summary>The ids of events already delivered inside the overlap window, with their timestamps, so a poll
/// that reads the window again skips them. Stored in the cursor.</summary>
/// <remarks>Pruning drops ids below the window's lower bound, and the size cap drops the oldest first: either
/// can cause a duplicate later, never a loss.</remarks>
internal sealed class SeenIds
{
    /// <summary>The maximum number of ids kept.</summary>
    public const int MaxCount = 100_000;

    private readonly Dictionary<string, long> _timestamps = new(StringComparer.Ordinal);

    public SeenIds()
    {
    }

    public SeenIds(IEnumerable<SeenId>? ids)
    {
        foreach (var id in ids ?? [])
        {
            _timestamps[id.Id] = id.Timestamp;
        }
    }

    public int Count => _timestamps.Count;

    public bool Contains(string id) => _timestamps.ContainsKey(id);

    public void Add(string id, long timestamp) => _timestamps[id] = timestamp;

    /// <summary>Returns the ids at or above <paramref name="lowerBound"/>, newest last, at most
    /// <see cref="MaxCount"/> of them.</summary>
    public List<SeenId> Export(long lowerBound) => _timestamps
        .Where(pair => pair.Value >= lowerBound)
        .OrderBy(pair => pair.Value)
        .ThenBy(pair => pair.Key, StringComparer.Ordinal)
        .TakeLast(MaxCount)
        .Select(pair => new SeenId(pair.Key, pair.Value))
        .ToList();
}

/// <summary>One delivered id and its timestamp in the source's native unit.</summary>
internal sealed record SeenId([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("ts")] long Timestamp);
