using System.Globalization;
using OrleansAgent.Benchmarks.Loghub;

namespace OrleansAgent.Benchmarks;

/// <summary>Entry point; <see cref="Usage"/> lists the modes.</summary>
public static class BenchmarkProgram
{
    private const string Usage = """
        Usage: OrleansAgent.Benchmarks [MODE]
          (none) or all          every measurement below
          accuracy               grouping accuracy per Loghub dataset against both ground truths
          headers                automatic header detection on the raw Loghub lines
          speed                  mining throughput, then the tokenizer and the template lookup alone
          chain                  throughput of the whole detector chain
          stages                 processor time and allocation per line of each stage alone
          dump NAME [corrected]  the wrongly grouped events of one dataset
        """;

    private static readonly string[] Modes = ["all", "accuracy", "headers", "speed", "chain", "stages", "dump"];

    public static Task<int> RunAsync(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "all";
        if (mode is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return Task.FromResult(0);
        }

        if (!Modes.Contains(mode))
        {
            Console.Error.WriteLine($"Unknown mode '{mode}'. Use one of the modes below.");
            Console.Error.WriteLine(Usage);
            return Task.FromResult(2);
        }

        var root = LoghubDataset.FindDirectory();
        if (root is null)
        {
            Console.Error.WriteLine("Loghub 2k data not found; set ORLEANSAGENT_LOGHUB_DIR to the folder that contains Android, BGL, HDFS and the other datasets.");
            return Task.FromResult(2);
        }

        var datasets = LoghubDataset.Names.Select(n => LoghubDataset.Load(root, n)).ToList();
        switch (mode)
        {
            case "accuracy":
                AccuracyReport.Print(datasets, Console.Out);
                return Task.FromResult(0);
            case "speed":
                var speed = ThroughputBenchmark.Run(datasets, 1_000_000);
                Console.WriteLine($"{F(speed.LinesPerSecond, "N0")} lines/s wall, {F(speed.LinesPerCpuSecond, "N0")} lines/cpu-s, {F(speed.BytesPerLine, "0.0")} B/line, learning {F(speed.LearnLinesPerCpuSecond, "N0")} lines/cpu-s");
                TokenizerSpeed.Run(datasets);
                return Task.FromResult(0);
            case "chain":
                var chain = FullChainBenchmark.Run(datasets, 1_000_000);
                Console.WriteLine($"full chain: {F(chain.LinesPerSecond, "N0")} lines/s wall, {F(chain.LinesPerCpuSecond, "N0")} lines/cpu-s, {F(chain.BytesPerLine, "0.0")} B/line; load {LoadAverage()}");
                return Task.FromResult(0);
            case "stages":
                StageBreakdown.Run(datasets);
                return Task.FromResult(0);
            case "headers":
                HeaderDetectionReport.Print(root, datasets, Console.Out);
                return Task.FromResult(0);
            case "dump":
                var dataset = args.Length > 1 ? datasets.Find(d => string.Equals(d.Name, args[1], StringComparison.OrdinalIgnoreCase)) : null;
                if (dataset is null)
                {
                    Console.Error.WriteLine($"dump needs a dataset name, one of: {string.Join(", ", LoghubDataset.Names)}.");
                    return Task.FromResult(2);
                }

                ErrorDump.Print(dataset, args.Length > 2 && args[2] == "corrected", Console.Out);
                return Task.FromResult(0);
            default:
                RunAll(root, datasets, Console.Out);
                return Task.FromResult(0);
        }
    }

    private static void RunAll(string root, IReadOnlyList<LoghubDataset> datasets, TextWriter output)
    {
        output.WriteLine($"Machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        output.WriteLine($"Date (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm}");
        output.WriteLine();
        output.WriteLine("## Grouping accuracy");
        AccuracyReport.Print(datasets, output);
        output.WriteLine();

        output.WriteLine("## Automatic header detection on the raw Loghub lines");
        HeaderDetectionReport.Print(root, datasets, output);
        output.WriteLine();

        output.WriteLine("## Mining throughput (one thread)");
        var throughput = ThroughputBenchmark.Run(datasets, 1_000_000);
        output.WriteLine($"learning pass: {throughput.LearnLines:N0} lines, {F(throughput.LearnLinesPerSecond, "N0")} lines/s wall clock, {F(throughput.LearnLinesPerCpuSecond, "N0")} lines per CPU second");
        output.WriteLine($"repeated lines: {throughput.Lines:N0} lines in {F(throughput.Seconds, "0.000")} s, {F(throughput.LinesPerSecond, "N0")} lines/s wall clock, {F(throughput.LinesPerCpuSecond, "N0")} lines per CPU second, {F(throughput.BytesPerLine, "0.0")} bytes allocated per line");
        output.WriteLine($"load average at the end: {LoadAverage()}");
        output.WriteLine();

        output.WriteLine("## Memory per pattern");
        foreach (var memory in new[] { MemoryBenchmark.MeasureLoghub(datasets), MemoryBenchmark.MeasureSynthetic(10), MemoryBenchmark.MeasureSynthetic(30) })
        {
            output.WriteLine($"{memory.Case}: {memory.Patterns:N0} patterns, {F(memory.AverageTokens, "0.0")} tokens on average, {F(memory.BytesPerPattern, "N0")} bytes per pattern");
        }

        output.WriteLine();
        FullChain(output);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

    private static void FullChain(TextWriter output)
    {
        output.WriteLine("## Full chain (redaction, rules, mining, aggregation; one thread)");
        var chain = FullChainBenchmark.Run(datasets: LoghubDataset.Names.Select(name => LoghubDataset.Load(LoghubDataset.FindDirectory()!, name)).ToList(), 1_000_000);
        output.WriteLine($"{chain.Lines:N0} lines, {F(chain.LinesPerSecond, "N0")} lines/s wall clock, {F(chain.LinesPerCpuSecond, "N0")} lines per CPU second, {F(chain.BytesPerLine, "0.0")} bytes allocated per line");
        output.WriteLine($"load average at the end: {LoadAverage()}");
    }

    internal static string F(double value, string format = "0.000") => value.ToString(format, CultureInfo.InvariantCulture);
}
