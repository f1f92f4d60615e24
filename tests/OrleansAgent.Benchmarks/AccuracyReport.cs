using OrleansAgent.Benchmarks.Loghub;

namespace OrleansAgent.Benchmarks;

/// <summary>Grouping accuracy per dataset against both ground truths, as a Markdown table.</summary>
public static class AccuracyReport
{
    public static (double Original, double Corrected) Print(IReadOnlyList<LoghubDataset> datasets, TextWriter output)
    {
        output.WriteLine("| Dataset | Patterns | GA (structured) | GA (corrected) |");
        output.WriteLine("|---|---:|---:|---:|");
        double sumOriginal = 0, sumCorrected = 0;
        foreach (var dataset in datasets)
        {
            var (ids, miner) = LoghubMining.Mine(dataset.Contents);
            var original = GroupingAccuracy.Compute(ids, dataset.Truth);
            var corrected = GroupingAccuracy.Compute(ids, dataset.CorrectedTruth);
            sumOriginal += original;
            sumCorrected += corrected;
            output.WriteLine($"| {dataset.Name} | {miner.PatternCount} | {BenchmarkProgram.F(original)} | {BenchmarkProgram.F(corrected)} |");
        }

        var averages = (sumOriginal / datasets.Count, sumCorrected / datasets.Count);
        output.WriteLine($"| **Average** | | **{BenchmarkProgram.F(averages.Item1)}** | **{BenchmarkProgram.F(averages.Item2)}** |");
        return averages;
    }
}
