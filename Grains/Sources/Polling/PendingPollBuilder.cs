using OrleansAgent.Grains.Engine.Detection;
using OrleansAgent.Grains.Interfaces.Modes;
using OrleansAgent.Grains.Interfaces.Patterns;

namespace OrleansAgent.Grains.Sources.Polling;

/// <summary>Turns the detector's batch result into the pending poll that the poller saves before applying it.</summary>
internal static class PendingPollBuilder
{
    /// <summary>The skip counter of empty and whitespace-only lines in the source status.</summary>
    public const string EmptyLinesSkipReason = "empty-lines";

    /// <summary>The counter of events skipped because they are dated before the start of a rewind.</summary>
    public const string BeforeRewindReason = "before-rewind-start";

    /// <summary>The counter of messages mined by their head only because they were too long.</summary>
    public const string ContentTruncatedReason = "content-truncated-for-mining";

    public static PendingPoll Build(string pollerKey, long sequence, AgentMode mode, SourceBatch batch, BatchResult result)
    {
        var pending = new PendingPoll
        {
            Sequence = sequence,
            NextCursor = batch.NextCursor,
            Mode = mode,
            Lines = result.Lines,
            Ignored = result.Ignored,
            WithoutTimestamp = result.WithoutTimestamp,
            LastEventTime = result.LastEventTime,
            HasMore = batch.HasMore,
            Skipped = batch.Skipped is null ? [] : new Dictionary<string, long>(batch.Skipped),
        };

        if (result.Empty > 0)
        {
            pending.Skipped[EmptyLinesSkipReason] = pending.Skipped.GetValueOrDefault(EmptyLinesSkipReason) + result.Empty;
        }

        if (result.BeforeStart > 0)
        {
            pending.Skipped[BeforeRewindReason] = pending.Skipped.GetValueOrDefault(BeforeRewindReason) + result.BeforeStart;
        }

        if (result.ContentTruncated > 0)
        {
            pending.Skipped[ContentTruncatedReason] = pending.Skipped.GetValueOrDefault(ContentTruncatedReason) + result.ContentTruncated;
        }

        foreach (var aggregate in result.Patterns.Values)
        {
            var observation = new PatternObservation(
                pollerKey,
                sequence,
                aggregate.Template,
                aggregate.Count,
                [.. aggregate.Windows.Select(window => new WindowCount(new DateTimeOffset(window.Key, TimeSpan.Zero), window.Value))],
                aggregate.FirstEventTime,
                aggregate.LastEventTime,
                [.. aggregate.Samples],
                mode,
                aggregate.Level);
            pending.Observations.Add(new PendingObservation(aggregate.PatternId, observation));
        }

        foreach (var hit in result.RuleHits.Values)
        {
            var template = result.Patterns.TryGetValue(hit.PatternId, out var aggregate) ? aggregate.Template : "";
            pending.RuleHits.Add(new PendingRuleHit(
                hit.RuleName, hit.Severity, hit.PatternId, template, hit.Count, hit.FirstEventTime, hit.LastEventTime,
                [.. hit.Samples], aggregate?.Level));
        }

        pending.Merges.AddRange(result.Merges.Select(merge => new PendingMerge(merge.FromId, merge.IntoId)));
        return pending;
    }
}
