using System.Diagnostics;
using OrleansAgent.Benchmarks.Loghub;
using OrleansAgent.Grains.Engine.Detection;
using OrleansAgent.Grains.Engine.Mining;
using OrleansAgent.Grains.Engine.Parsing;
using OrleansAgent.Grains.Engine.Redaction;
using OrleansAgent.Grains.Engine.Rules;
using OrleansAgent.Grains.Interfaces.Model;
using OrleansAgent.Grains.Sources;

namespace OrleansAgent.Benchmarks;

/// <summary>
/// The detector chain as a poller runs it: redaction, three rules, mining and aggregation per pattern and
/// baseline window, over batches of 5,000 events. Header parsing is off because the Loghub content column
/// has no header; the events already exist, as they would after a source read.
/// </summary>
public static class FullChainBenchmark
{
    private const int BatchSize = 5000;

    public sealed record Result(long Lines, double LinesPerSecond, double LinesPerCpuSecond, double BytesPerLine);

    public static Result Run(IReadOnlyList<LoghubDataset> datasets, long targetLines)
    {
        var rules = new RuleEngine(
        [
            new RuleDefinition("health-checks", @"GET /health", Severity.Info, RuleAction.Ignore),
            new RuleDefinition("out-of-memory", @"OutOfMemory|Out of memory", Severity.Critical, RuleAction.Alert),
            new RuleDefinition("disk-full", @"No space left on device", Severity.High, RuleAction.Alert),
        ]);
        var time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var chains = datasets.Select(dataset => new DetectorChain(
            dataset.Name, Redactor.Default, rules, HeaderParser.None, new TemplateMiner(new MinerOptions { IdNamespace = dataset.Name }), TimeSpan.FromMinutes(1))).ToList();
        var batches = datasets.Select(dataset => dataset.Contents
            .Select((line, index) => new SourceEvent(index.ToString(System.Globalization.CultureInfo.InvariantCulture), line, time.AddSeconds(index), new Dictionary<string, string>()))
            .Chunk(BatchSize)
            .ToList()).ToList();

        WarmUp.Run(() => RunRounds(chains, batches, 1, time));
        var perRound = datasets.Sum(dataset => dataset.Contents.Count);
        var rounds = (int)Math.Ceiling((double)targetLines / perRound);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var cpu = CpuTime();
        var clock = Stopwatch.StartNew();
        var lines = RunRounds(chains, batches, rounds, time);
        clock.Stop();
        cpu = CpuTime() - cpu;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return new Result(lines, lines / clock.Elapsed.TotalSeconds, lines / cpu.TotalSeconds, (double)allocated / lines);
    }

    private static long RunRounds(List<DetectorChain> chains, List<List<SourceEvent[]>> batches, int rounds, DateTimeOffset arrival)
    {
        long lines = 0;
        for (var round = 0; round < rounds; round++)
        {
            for (var dataset = 0; dataset < chains.Count; dataset++)
            {
                foreach (var batch in batches[dataset])
                {
                    lines += chains[dataset].Process(batch, arrival).Lines;
                }
            }
        }

        return lines;
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
