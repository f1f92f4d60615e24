using OrleansAgent.Grains.Interfaces.Patterns;

namespace OrleansAgent.Grains.Sources.Polling;

/// <summary>Builds the signals of a poll: what the cheap stages could not explain.</summary>
internal static class SignalBuilder
{
    /// <summary>
    /// Returns one signal per alert rule hit, and one per pattern whose verdict is unknown, spike or escalate
    /// and that no rule reported in this poll, with the reason of each.
    /// </summary>
    public static (ImmutableArray<Signal> Signals, ImmutableArray<string> Reasons) Build(
        string pollId, string pollerKey, PendingPoll pending, IReadOnlyDictionary<string, PatternVerdict> verdicts)
    {
        var signals = ImmutableArray.CreateBuilder<Signal>();
        var reasons = ImmutableArray.CreateBuilder<string>();
        var reportedByRule = new HashSet<string>(StringComparer.Ordinal);

        foreach (var hit in pending.RuleHits)
        {
            verdicts.TryGetValue(hit.PatternId, out var verdict);
            reportedByRule.Add(hit.PatternId);
            signals.Add(new Signal(
                $"{pollId}:{hit.PatternId}:rule:{hit.RuleName}",
                pollerKey,
                hit.PatternId,
                verdict?.Summary.Template ?? hit.Template,
                verdict?.Verdict ?? Verdict.Unknown,
                hit.RuleName,
                hit.Severity,
                hit.Count,
                verdict?.WindowCount ?? hit.Count,
                verdict?.BaselineMean ?? 0,
                verdict?.Ratio ?? 0,
                verdict?.Summary.FirstSeen ?? hit.FirstEventTime,
                hit.LastEventTime,
                hit.Samples,
                verdict?.Summary.Labels ?? [],
                Service: null,
                hit.Level,
                verdict?.WindowStart));
            reasons.Add($"alert rule '{hit.RuleName}' matched {hit.Count} lines");
        }

        foreach (var item in pending.Observations)
        {
            if (!verdicts.TryGetValue(item.PatternId, out var verdict) || !IsReportable(verdict.Verdict) || reportedByRule.Contains(item.PatternId))
            {
                continue;
            }

            var observation = item.Observation;
            signals.Add(new Signal(
                $"{pollId}:{item.PatternId}",
                pollerKey,
                item.PatternId,
                verdict.Summary.Template,
                verdict.Verdict,
                RuleName: null,
                RuleSeverity: null,
                observation.Count,
                verdict.WindowCount,
                verdict.BaselineMean,
                verdict.Ratio,
                verdict.Summary.FirstSeen,
                observation.LastEventTime,
                observation.Samples,
                verdict.Summary.Labels,
                Service: null,
                observation.Level,
                verdict.WindowStart));
            reasons.Add(verdict.Reason);
        }

        return (signals.ToImmutable(), reasons.ToImmutable());
    }

    private static bool IsReportable(Verdict verdict) => verdict is Verdict.Unknown or Verdict.Spike or Verdict.Escalate;
}
