using System.Text.Json;

namespace OrleansAgent.Grains.Sources;

/// <summary>A source or one shard of it, as one poller grain reads it.</summary>
/// <param name="ShardKey">The poller key: the source name, or <c>name/shard</c> for a shard.</param>
/// <param name="Options">The settings with the shard's overrides applied.</param>
public sealed record SourceShard(string ShardKey, SourceOptions Options);

/// <summary>Expands a configured source into the pollers that read it.</summary>
public static class SourceSharding
{
    /// <summary>Returns one entry for an unsharded source, otherwise one per shard, each with its own copy of
    /// the settings and the shard's selector applied.</summary>
    public static IReadOnlyList<SourceShard> Expand(SourceOptions source)
    {
        if (source.Shards.Count == 0)
        {
            return [new SourceShard(source.Name, source)];
        }

        return source.Shards.Select(shard => new SourceShard($"{source.Name}/{shard.Name}", Apply(source, shard))).ToList();
    }

    private static SourceOptions Apply(SourceOptions source, SourceShardOptions shard)
    {
        // A deep copy keeps shards from sharing, and accidentally changing, each other's nested sections.
        var copy = JsonSerializer.Deserialize<SourceOptions>(JsonSerializer.Serialize(source))!;
        copy.Shards = [];
        if (copy.File is not null && shard.FilePath is not null)
        {
            copy.File.Path = shard.FilePath;
        }

        if (copy.Elasticsearch is not null && shard.Index is not null)
        {
            copy.Elasticsearch.Index = shard.Index;
        }

        if (copy.Loki is not null && shard.Query is not null)
        {
            copy.Loki.Query = shard.Query;
        }

        if (copy.CloudWatch is not null)
        {
            copy.CloudWatch.LogGroupName = shard.LogGroupName ?? copy.CloudWatch.LogGroupName;
            copy.CloudWatch.LogStreamNamePrefix = shard.LogStreamNamePrefix ?? copy.CloudWatch.LogStreamNamePrefix;
        }

        return copy;
    }
}
