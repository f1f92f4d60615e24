using System.Globalization;
using System.Text;
using OrleansAgent.Benchmarks.Loghub;

namespace OrleansAgent.Tests.Mining;

public sealed class LoghubAccuracyTests
{
    private const double AverageFloor = 0.97;
    private const double DatasetFloor = 0.90;

    [LoghubFact]
    public void GroupingAccuracyMeetsFloorsOnLoghub()
    {
        var root = LoghubDataset.FindDirectory()!;
        var report = new StringBuilder("dataset: structured / corrected\n");
        var failures = new List<string>();
        double sumOriginal = 0, sumCorrected = 0;

        foreach (var name in LoghubDataset.Names)
        {
            var dataset = LoghubDataset.Load(root, name);
            var (ids, _) = LoghubMining.Mine(dataset.Contents);
            var original = GroupingAccuracy.Compute(ids, dataset.Truth);
            var corrected = GroupingAccuracy.Compute(ids, dataset.CorrectedTruth);
            sumOriginal += original;
            sumCorrected += corrected;
            report.Append(CultureInfo.InvariantCulture, $"{name}: {original:0.000} / {corrected:0.000}\n");
            if (original < DatasetFloor || corrected < DatasetFloor)
            {
                failures.Add(name);
            }
        }

        var averageOriginal = sumOriginal / LoghubDataset.Names.Length;
        var averageCorrected = sumCorrected / LoghubDataset.Names.Length;
        report.Append(CultureInfo.InvariantCulture, $"average: {averageOriginal:0.000} / {averageCorrected:0.000}");

        Assert.True(failures.Count == 0, $"Below {DatasetFloor} on {string.Join(", ", failures)}.\n{report}");
        Assert.True(averageOriginal >= AverageFloor, $"Average against the structured truth below {AverageFloor}.\n{report}");
        Assert.True(averageCorrected >= AverageFloor, $"Average against the corrected truth below {AverageFloor}.\n{report}");
    }
}
