using System.Diagnostics;
using OrleansAgent.Benchmarks.Loghub;
using OrleansAgent.Grains.Engine.Mining;

namespace OrleansAgent.Benchmarks;

/// <summary>
/// Mining speed on one thread: each dataset gets its own miner (one miner per log source, as in the service),
/// learns its 2,000 lines once, and then mines them again in file order until the total reaches the target.
/// The learning pass is reported separately because it takes the slow path for every new pattern.
/// </summary>
public static class ThroughputBenchmark
{
    /// <param name="LinesPerCpuSecond">Lines per second of processor time used by this process, which stays
    /// meaningful when other processes compete for the cores and wall-clock time stretches.</param>
    public sealed record Result(
        long Lines,
        double Seconds,
        double LinesPerSecond,
        double LinesPerCpuSecond,
        double BytesPerLine,
        long LearnLines,
        double LearnLinesPerSecond,
        double LearnLinesPerCpuSecond);

    public static Result Run(IReadOnlyList<LoghubDataset> datasets, long targetLines)
    {
        var miners = datasets.Select(_ => new TemplateMiner()).ToList();
        var learnCpu = CpuTime();
        var learnClock = Stopwatch.StartNew();
        long learnLines = 0;
        for (var d = 0; d < datasets.Count; d++)
        {
            foreach (var line in datasets[d].Contents)
            {
                miners[d].Add(line);
                learnLines++;
            }
        }

        learnClock.Stop();
        learnCpu = CpuTime() - learnCpu;
        var perRound = datasets.Sum(d => d.Contents.Count);
        var rounds = (int)Math.Ceiling((double)targetLines / perRound);

        WarmUp.Run(() => MineRounds(datasets, miners, 1));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var cpu = CpuTime();
        var clock = Stopwatch.StartNew();
        var lines = MineRounds(datasets, miners, rounds);
        clock.Stop();
        cpu = CpuTime() - cpu;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return new Result(
            lines,
            clock.Elapsed.TotalSeconds,
            lines / clock.Elapsed.TotalSeconds,
            lines / cpu.TotalSeconds,
            (double)allocated / lines,
            learnLines,
            learnLines / learnClock.Elapsed.TotalSeconds,
            learnLines / learnCpu.TotalSeconds);
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static long MineRounds(IReadOnlyList<LoghubDataset> datasets, List<TemplateMiner> miners, int rounds)
    {
        long lines = 0;
        var checksum = 0;
        for (var round = 0; round < rounds; round++)
        {
            for (var d = 0; d < datasets.Count; d++)
            {
                var miner = miners[d];
                foreach (var line in datasets[d].Contents)
                {
                    checksum += miner.Add(line).PatternId.Length;
                    lines++;
                }
            }
        }

        // Using the checksum keeps the calls from being optimised away.
        return checksum == 0 ? -1 : lines;
    }
}
