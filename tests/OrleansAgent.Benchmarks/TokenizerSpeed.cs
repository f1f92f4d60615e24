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
        for (var warm = 0; warm < 3; warm++)
        {
            foreach (var line in lines)
            {
                tokenizer.Tokenize(line, 256);
            }
        }

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
        var count = (double)lines.Count * Rounds;
        Console.WriteLine($"tokenizer: {count / clock.Elapsed.TotalSeconds:N0} lines/s, {tokens / count:0.0} tokens a line, {lines.Average(l => l.Length):0} chars a line");
    }
}
