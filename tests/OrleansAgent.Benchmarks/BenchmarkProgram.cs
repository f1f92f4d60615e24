using System.Globalization;
using OrleansAgent.Benchmarks.Loghub;

namespace OrleansAgent.Benchmarks;

/// <summary>Entry point: <c>accuracy</c> prints grouping accuracy, <c>dump NAME [corrected]</c> lists wrongly
/// grouped events of one dataset, <c>all</c> (default) runs every measurement.</summary>
public static class BenchmarkProgram
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = LoghubDataset.FindDirectory();
        if (root is null)
        {
            Console.Error.WriteLine("Loghub 2k data not found; set ORLEANSAGENT_LOGHUB_DIR to the folder that contains Android, BGL, HDFS and the other datasets.");
            return Task.FromResult(2);
        }

        var datasets = LoghubDataset.Names.Select(n => LoghubDataset.Load(root, n)).ToList();
        var mode = args.Length > 0 ? args[0] : "all";
        var st = Environment.GetEnvironmentVariable("MINER_ST");
        if (st is not null)
        {
            LoghubMining.DefaultOptions = () => new Grains.Engine.Mining.MinerOptions { SimilarityThreshold = double.Parse(st, CultureInfo.InvariantCulture) };
        }
        switch (mode)
        {
            case "accuracy":
                AccuracyReport.Print(datasets, Console.Out);
                return Task.FromResult(0);
            case "dump":
                ErrorDump.Print(datasets.Single(d => d.Name == args[1]), args.Length > 2 && args[2] == "corrected", Console.Out);
                return Task.FromResult(0);
            default:
                AccuracyReport.Print(datasets, Console.Out);
                return Task.FromResult(0);
        }
    }

    internal static string F(double value, string format = "0.000") => value.ToString(format, CultureInfo.InvariantCulture);
}
