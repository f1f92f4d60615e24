using System.Diagnostics;
using System.Runtime.CompilerServices;
using OrleansAgent.Benchmarks.Loghub;
using OrleansAgent.Grains.Engine.Mining;
using OrleansAgent.Grains.Engine.Parsing;
using OrleansAgent.Grains.Engine.Redaction;
using OrleansAgent.Grains.Engine.Rules;
using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Benchmarks;

/// <summary>Processor time per line of each stage of the chain on its own, to show where the time goes.</summary>
internal static class StageBreakdown
{
    private const int Rounds = 30;

    public static void Run(IReadOnlyList<LoghubDataset> datasets)
    {
        var lines = datasets.SelectMany(d => d.Contents).ToArray();
        var rules = new RuleEngine(
        [
            new RuleDefinition("health-checks", @"GET /health", Severity.Info, RuleAction.Ignore),
            new RuleDefinition("out-of-memory", @"OutOfMemory|Out of memory", Severity.Critical, RuleAction.Alert),
            new RuleDefinition("disk-full", @"No space left on device", Severity.High, RuleAction.Alert),
        ]);
        var tokenizer = new LineTokenizer();
        var miners = datasets.Select(d => LoghubMining.Mine(d.Contents).Miner).ToList();

        Measure("redaction", lines, line => Redactor.Default.Redact(line).Length);
        Measure("header (none)", lines, line => HeaderParser.None.Parse(line, DateTimeOffset.UnixEpoch).Content.Length);
        Measure("rules", lines, line => rules.Match(line, "bench") is null ? 0 : 1);
        Measure("tokenizer", lines, line =>
        {
            tokenizer.Tokenize(line, 256);
            return tokenizer.Count;
        });
        var index = 0;
        var owners = datasets.SelectMany((d, i) => d.Contents.Select(_ => miners[i])).ToArray();
        Measure("mining (Add)", lines, line =>
        {
            var miner = owners[index];
            index = index + 1 == owners.Length ? 0 : index + 1;
            return miner.Add(line).PatternId.Length;
        });
    }

    private static void Measure(string name, string[] lines, Func<string, int> stage)
    {
        var checksum = 0;
        WarmUp.Run(() => checksum += RunRound(lines, stage));
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var round = 0; round < Rounds; round++)
        {
            checksum += RunRound(lines, stage);
        }

        var seconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var count = (double)lines.Length * Rounds;
        Console.WriteLine($"{name}: {seconds * 1e9 / count:0} ns per line, {count / seconds:N0} lines/cpu-s, {bytes / count:0.0} B/line (checksum {checksum})");
    }

    // One pass per call, so that the stage runs in code compiled the usual way. While this loop sat inside
    // Measure, which runs once, the runtime compiled it by on-stack replacement, and redaction measured three
    // to four times slower there (about 580 against 140 ns per line for the same code).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RunRound(string[] lines, Func<string, int> stage)
    {
        var checksum = 0;
        foreach (var line in lines)
        {
            checksum += stage(line);
        }

        return checksum;
    }
}
