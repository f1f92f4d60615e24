using OrleansAgent.Benchmarks.Loghub;

namespace OrleansAgent.Benchmarks;

/// <summary>Lists the ground-truth events whose lines were not grouped exactly, with the mined templates
/// they were spread over, to study where the miner goes wrong.</summary>
public static class ErrorDump
{
    public static void Print(LoghubDataset dataset, bool corrected, TextWriter output)
    {
        var truth = corrected ? dataset.CorrectedTruth : dataset.Truth;
        var (ids, miner) = LoghubMining.Mine(dataset.Contents);
        var templates = miner.Patterns.ToDictionary(p => p.Id, p => p.Template);
        var byPredicted = Enumerable.Range(0, ids.Count).GroupBy(i => ids[i]).ToDictionary(g => g.Key, g => g.ToList());
        var byTruth = Enumerable.Range(0, ids.Count).GroupBy(i => truth[i]).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (eventId, lines) in byTruth.OrderByDescending(kv => kv.Value.Count))
        {
            var predicted = lines.Select(i => ids[i]).Distinct().ToList();
            var exact = predicted.Count == 1 && byPredicted[predicted[0]].Count == lines.Count;
            if (exact)
            {
                continue;
            }

            output.WriteLine($"== {eventId} ({lines.Count} lines) e.g. {dataset.Contents[lines[0]]}");
            foreach (var id in predicted)
            {
                var inGroup = byPredicted[id];
                var own = inGroup.Count(i => truth[i] == eventId);
                var others = inGroup.Where(i => truth[i] != eventId).Select(i => truth[i]).Distinct().Take(5);
                output.WriteLine($"   {own}/{inGroup.Count} {templates[id]}   [also: {string.Join(',', others)}]");
            }
        }
    }
}
