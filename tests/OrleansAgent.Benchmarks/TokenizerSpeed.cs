using System.Diagnostics;
using OrleansAgent.Benchmarks.Loghub;
using OrleansAgent.Grains.Engine.Mining;

namespace OrleansAgent.Benchmarks;

/// <summary>Time spent in tokenising and masking alone, to tell it apart from the template lookup.</summary>
internal static class TokenizerSpeed
{
    public static void Run(IReadOnlyList<LoghubDataset> datasets)
    {
        var tokenizer = new LineTokenizer();
        var lines = datasets.SelectMany(d => d.Contents).ToList();
        long tokens = 0;
        WarmUp.Run(() =>
        {
            foreach (var line in lines)
            {
                tokenizer.Tokenize(line, 256);
            }
        });

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        const int Rounds = 40;
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var line in lines)
            {
                tokenizer.Tokenize(line, 256);
                tokens += tokenizer.Count;
            }
        }

        clock.Stop();
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var count = (double)lines.Count * Rounds;
        Console.WriteLine($"tokenizer: {count / clock.Elapsed.TotalSeconds:N0} lines/s wall, {count / cpuSeconds:N0} lines/cpu-s, {tokens / count:0.0} tokens a line, {lines.Average(l => l.Length):0} chars a line");

        var miners = datasets.Select(d => LoghubMining.Mine(d.Contents).Miner).ToList();
        WarmUp.Run(() =>
        {
            for (var d = 0; d < datasets.Count; d++)
            {
                foreach (var line in datasets[d].Contents)
                {
                    miners[d].Match(line);
                }
            }
        });

        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var hits = 0;
        for (var round = 0; round < Rounds; round++)
        {
            for (var d = 0; d < datasets.Count; d++)
            {
                foreach (var line in datasets[d].Contents)
                {
                    hits += miners[d].Match(line) is null ? 0 : 1;
                }
            }
        }

        cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine($"match: {count / cpuSeconds:N0} lines/cpu-s, {hits / count:P1} found");
    }
}
