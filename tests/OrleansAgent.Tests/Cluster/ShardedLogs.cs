using System.Globalization;
using OrleansAgent.Silo.Sample;
using OrleansAgent.Tests.EndToEnd;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.Cluster;

/// <summary>One file source split into shards, one generated log file per shard, so each shard has its own poller.</summary>
public sealed class ShardedLogs
{
    private readonly List<SampleLog> _logs;

    public ShardedLogs(TestDirectory directory, int shards, double linesPerSecond = 4)
    {
        _logs = Enumerable.Range(0, shards)
            .Select(shard => new SampleLog(directory.File($"shard-{shard}.log"), seed: 11 + shard, linesPerSecond))
            .ToList();
        IncidentsFile = directory.File("incidents.jsonl");
    }

    public string IncidentsFile { get; }

    /// <summary>The poller keys, <c>app/sN</c>.</summary>
    public IReadOnlyList<string> PollerKeys => Enumerable.Range(0, _logs.Count).Select(ShardKey).ToList();

    public long LinesWritten => _logs.Sum(log => log.LinesWritten);

    /// <summary>Appends the same time range, with the same faults, to every shard.</summary>
    public void Append(DateTimeOffset from, DateTimeOffset to, params SampleFault[] faults)
    {
        foreach (var log in _logs)
        {
            log.Append(from, to, faults);
        }
    }

    public Dictionary<string, string?> Settings(int maxEventsPerPoll = 500)
    {
        var settings = AgentSettings.ForFile(_logs[0].Path, IncidentsFile, maxEventsPerPoll);
        for (var shard = 0; shard < _logs.Count; shard++)
        {
            var index = shard.ToString(CultureInfo.InvariantCulture);
            settings[$"Agent:Sources:0:Shards:{index}:Name"] = "s" + index;
            settings[$"Agent:Sources:0:Shards:{index}:FilePath"] = _logs[shard].Path;
        }

        return settings;
    }

    private static string ShardKey(int shard) => $"{AgentSettings.SourceName}/s{shard.ToString(CultureInfo.InvariantCulture)}";
}
