using OrleansAgent.Benchmarks.Loghub;
using OrleansAgent.Grains.Engine.Parsing;

namespace OrleansAgent.Benchmarks;

/// <summary>
/// Share of raw Loghub lines whose content the automatic header parser extracts exactly as the structured
/// file has it (whitespace trimmed), and share with a parsed timestamp.
/// </summary>
public static class HeaderDetectionReport
{
    public static void Print(string root, IReadOnlyList<LoghubDataset> datasets, TextWriter output)
    {
        output.WriteLine("| Dataset | Content as in structured file | Timestamp found |");
        output.WriteLine("|---|---:|---:|");
        var reference = new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero);
        foreach (var dataset in datasets)
        {
            var path = Path.Combine(root, dataset.Name, $"{dataset.Name}_2k.log");
            var lines = File.ReadAllLines(path);
            var count = Math.Min(lines.Length, dataset.Contents.Count);
            int same = 0, stamped = 0;
            for (var i = 0; i < count; i++)
            {
                var parsed = HeaderParser.Automatic.Parse(lines[i], reference);
                same += parsed.Content.Trim() == dataset.Contents[i].Trim() ? 1 : 0;
                stamped += parsed.Timestamp is null ? 0 : 1;
            }

            output.WriteLine($"| {dataset.Name} | {BenchmarkProgram.F((double)same / count)} | {BenchmarkProgram.F((double)stamped / count)} |");
        }
    }
}
