using OrleansAgent.Grains.Sources.CloudWatch;
using OrleansAgent.Grains.Sources.Elasticsearch;
using OrleansAgent.Grains.Sources.Files;
using OrleansAgent.Grains.Sources.Loki;

namespace OrleansAgent.Grains.Sources;

/// <summary>One configured log source, bound from an item of the <c>Agent:Sources</c> list.</summary>
public sealed class SourceOptions
{
    /// <summary>The configuration section that contains the list of sources.</summary>
    public const string SectionName = "Agent:Sources";

    /// <summary>The source name, unique across the agent. It keys the poller grain. Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>The source kind: <c>file</c>, <c>elasticsearch</c>, <c>opensearch</c>, <c>loki</c> or
    /// <c>cloudwatch</c>. Required.</summary>
    public string Type { get; set; } = "";

    /// <summary>The time between two polls. Default 5 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The maximum number of events one poll returns. The poller reads again at once when more are
    /// ready. Default 5000.</summary>
    public int MaxEventsPerPoll { get; set; } = 5000;

    /// <summary>The name of the header format the parser applies to each event, or <c>null</c> to detect it.
    /// Default <c>null</c>.</summary>
    public string? HeaderFormat { get; set; }

    /// <summary>Whether events read before the poller caught up train the baseline without raising
    /// incidents. Default <c>false</c>.</summary>
    public bool TrainOnHistory { get; set; }

    /// <summary>Settings for <c>type: file</c>.</summary>
    public FileSourceOptions? File { get; set; }

    /// <summary>Settings for <c>type: elasticsearch</c> and <c>type: opensearch</c>.</summary>
    public ElasticsearchSourceOptions? Elasticsearch { get; set; }

    /// <summary>Settings for <c>type: loki</c>.</summary>
    public LokiSourceOptions? Loki { get; set; }

    /// <summary>Settings for <c>type: cloudwatch</c>.</summary>
    public CloudWatchSourceOptions? CloudWatch { get; set; }

    /// <summary>Splits the source into several pollers, one per shard, each with its own cursor. Each shard
    /// overrides the setting that selects its part of the data. Default empty (one poller).</summary>
    public List<SourceShardOptions> Shards { get; set; } = [];
}

/// <summary>One shard of a source: a name and the setting that selects its share of the data. Settings that
/// are left unset are taken from the source.</summary>
public sealed class SourceShardOptions
{
    /// <summary>The shard name, unique within the source. The poller key becomes <c>source/shard</c>.
    /// Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>For a file source: the glob this shard reads in place of <c>File:Path</c>.</summary>
    public string? FilePath { get; set; }

    /// <summary>For an Elasticsearch or OpenSearch source: the index pattern this shard reads in place of
    /// <c>Elasticsearch:Index</c>.</summary>
    public string? Index { get; set; }

    /// <summary>For a Loki source: the LogQL query this shard runs in place of <c>Loki:Query</c>.</summary>
    public string? Query { get; set; }

    /// <summary>For a CloudWatch source: the log group this shard reads in place of
    /// <c>CloudWatch:LogGroupName</c>.</summary>
    public string? LogGroupName { get; set; }

    /// <summary>For a CloudWatch source: the log stream name prefix this shard reads in place of
    /// <c>CloudWatch:LogStreamNamePrefix</c>.</summary>
    public string? LogStreamNamePrefix { get; set; }
}
