namespace OrleansAgent.Benchmarks.Loghub;

/// <summary>
/// Grouping accuracy as defined by Zhu et al., "Tools and Benchmarks for Automated Log Parsing" (ICSE-SEIP
/// 2019). A line counts as correct when the set of lines sharing its predicted group is exactly the set of
/// lines sharing its ground-truth event. The accuracy is the share of correct lines.
/// </summary>
public static class GroupingAccuracy
{
    public static double Compute(IReadOnlyList<string> predicted, IReadOnlyList<string> truth)
    {
        if (predicted.Count != truth.Count)
        {
            throw new ArgumentException($"Predicted has {predicted.Count} lines, truth {truth.Count}.", nameof(predicted));
        }

        if (truth.Count == 0)
        {
            return 1.0;
        }

        var truthSizes = truth.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var correct = 0;
        foreach (var group in Enumerable.Range(0, predicted.Count).GroupBy(i => predicted[i], StringComparer.Ordinal))
        {
            var events = group.Select(i => truth[i]).Distinct(StringComparer.Ordinal).ToList();
            if (events.Count == 1 && truthSizes[events[0]] == group.Count())
            {
                correct += group.Count();
            }
        }

        return (double)correct / truth.Count;
    }
}
