using System.Diagnostics;
using System.Globalization;
using OrleansAgent.Tests.EndToEnd;
using OrleansAgent.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansAgent.Tests.Cluster;

/// <summary>
/// Measures ingest through the whole grain path (file read, redaction, rules, mining, pattern grains, catalog,
/// cursor) with one and with two silos. It runs only when <c>ORLEANSAGENT_BENCH</c> is set, asserts only that
/// every line was counted, and prints its figures; docs/benchmarks.md records them.
/// </summary>
public sealed class ClusterIngestBenchmark(ITestOutputHelper output)
{
    private const int Shards = 4;

    [BenchmarkFact]
    public async Task IngestRateWithOneAndTwoSilos()
    {
        var minutes = int.Parse(System.Environment.GetEnvironmentVariable("ORLEANSAGENT_BENCH_MINUTES") ?? "30", CultureInfo.InvariantCulture);
        foreach (short silos in new short[] { 1, 2 })
        {
            using var directory = new TestDirectory();
            var logs = new ShardedLogs(directory, Shards, linesPerSecond: 20);
            logs.Append(SampleLog.Day.AddHours(9), SampleLog.Day.AddHours(9).AddMinutes(minutes));
            await using var agent = await AgentTestCluster.StartAsync(logs.Settings(maxEventsPerPoll: 5000), silos: silos);

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(logs.PollerKeys.Select(key => agent.PollToEndAsync(key)));
            clock.Stop();

            Assert.Equal(logs.LinesWritten, await agent.CountedLinesAsync());
            var rate = logs.LinesWritten / clock.Elapsed.TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"silos={silos} shards={Shards} lines={logs.LinesWritten} seconds={clock.Elapsed.TotalSeconds:0.00} lines_per_second={rate:0}"));
        }
    }
}

/// <summary>A fact that runs only when <c>ORLEANSAGENT_BENCH</c> is set, since it takes minutes and measures time.</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(System.Environment.GetEnvironmentVariable("ORLEANSAGENT_BENCH")))
        {
            Skip = "Set ORLEANSAGENT_BENCH=1 to measure the cluster ingest rate.";
        }
    }
}
