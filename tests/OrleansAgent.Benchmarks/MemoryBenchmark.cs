using OrleansAgent.Benchmarks.Loghub;
using OrleansAgent.Grains.Engine.Mining;

namespace OrleansAgent.Benchmarks;

/// <summary>
/// Managed heap retained per pattern: the heap size after a full collection with the miner alive, minus the
/// heap size before it was built, divided by its pattern count.
/// </summary>
public static class MemoryBenchmark
{
    public sealed record Result(string Case, int Patterns, double AverageTokens, double BytesPerPattern);

    /// <summary>Measures the miners of all Loghub datasets together, whose patterns have real shapes.</summary>
    public static Result MeasureLoghub(IReadOnlyList<LoghubDataset> datasets)
    {
        var before = SettledHeap();
        var miners = datasets.Select(d => LoghubMining.Mine(d.Contents).Miner).ToList();
        var after = SettledHeap();
        var patterns = miners.Sum(m => m.PatternCount);
        var tokens = miners.SelectMany(m => m.Patterns).Average(p => p.Template.Split(' ').Length);
        GC.KeepAlive(miners);
        return new Result("Loghub 2k, 8 miners", patterns, tokens, (double)(after - before) / patterns);
    }

    /// <summary>Fills one miner to its default cap with distinct synthetic lines of the given token count.</summary>
    public static Result MeasureSynthetic(int tokensPerLine)
    {
        var options = new MinerOptions();
        var lines = new List<string>(options.MaxPatterns);
        var random = new Random(42);
        for (var i = 0; i < options.MaxPatterns; i++)
        {
            // Distinct plain words in every position, so no two lines can share a pattern.
            var words = Enumerable.Range(0, tokensPerLine).Select(_ => RandomWord(random)).ToArray();
            lines.Add(string.Join(' ', words));
        }

        var before = SettledHeap();
        var miner = new TemplateMiner(options);
        foreach (var line in lines)
        {
            miner.Add(line);
        }

        var after = SettledHeap();
        var result = new Result($"synthetic, {tokensPerLine} words a line", miner.PatternCount, tokensPerLine, (double)(after - before) / miner.PatternCount);
        GC.KeepAlive(miner);
        GC.KeepAlive(lines);
        return result;
    }

    private static string RandomWord(Random random)
    {
        Span<char> word = stackalloc char[8];
        for (var i = 0; i < word.Length; i++)
        {
            word[i] = (char)('a' + random.Next(26));
        }

        return new string(word);
    }

    private static long SettledHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
