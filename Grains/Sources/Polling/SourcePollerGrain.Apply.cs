using OrleansAgent.Grains.Interfaces.Modes;
using OrleansAgent.Grains.Interfaces.Patterns;
using OrleansAgent.Grains.Interfaces.Shadow;
using OrleansAgent.Grains.Interfaces.Signals;

namespace OrleansAgent.Grains.Sources.Polling;

public sealed partial class SourcePollerGrain
{
    /// <summary>Pattern grains observed at once by one poll; more would flood the silo's message queue.</summary>
    private const int MaxParallelObservations = 64;

    /// <summary>
    /// Applies a saved poll: merges, one observation per pattern, the catalog rows, then the signals according
    /// to the mode of the poll, and finally the cursor. Every step is idempotent, so running it again after a
    /// crash changes nothing that was already done.
    /// </summary>
    private async Task<int> ApplyAsync(PendingPoll pending)
    {
        var pollId = $"{PollerKey}#{pending.Sequence}";
        var catalogRows = new List<PatternSummary>();

        await ApplyMergesAsync(pending, catalogRows);
        var verdicts = await ObserveAsync(pending);
        interruption.At(PollerKey, pending.Sequence, PollStep.AfterObservations);
        catalogRows.AddRange(verdicts.Values.Select(verdict => verdict.Summary));
        await GrainFactory.GetGrain<ICatalogGrain>(GrainKeys.Cluster).UpsertAsync([.. catalogRows]);

        var (signals, reasons) = SignalBuilder.Build(pollId, PollerKey, pending, verdicts);
        await ActOnSignalsAsync(pollId, pending.Mode, signals, reasons);
        RecordMetrics(pending, verdicts, signals.Length);
        interruption.At(PollerKey, pending.Sequence, PollStep.BeforeCursorSave);

        Commit(pending, verdicts);
        await state.WriteStateAsync();
        return signals.Length;
    }

    private async Task ApplyMergesAsync(PendingPoll pending, List<PatternSummary> catalogRows)
    {
        foreach (var merge in pending.Merges)
        {
            var merged = await GrainFactory.GetGrain<IPatternGrain>(merge.FromPatternId).MarkMergedAsync(merge.IntoPatternId);
            if (merged is null)
            {
                continue;
            }

            var target = await GrainFactory.GetGrain<IPatternGrain>(merge.IntoPatternId).AbsorbAsync(merged);
            catalogRows.Add(merged.Summary with { MergedInto = merge.IntoPatternId });
            catalogRows.Add(target);
            LogPatternsMerged(PollerKey, merge.FromPatternId, merge.IntoPatternId);
        }
    }

    private async Task<Dictionary<string, PatternVerdict>> ObserveAsync(PendingPoll pending)
    {
        var verdicts = new Dictionary<string, PatternVerdict>(StringComparer.Ordinal);
        foreach (var chunk in pending.Observations.Chunk(MaxParallelObservations))
        {
            var calls = chunk.Select(async item =>
                (item.PatternId, Verdict: await GrainFactory.GetGrain<IPatternGrain>(item.PatternId).ObserveAsync(item.Observation)));
            foreach (var (patternId, verdict) in await Task.WhenAll(calls))
            {
                verdicts[patternId] = verdict;
            }
        }

        return verdicts;
    }

    private async Task ActOnSignalsAsync(string pollId, AgentMode mode, ImmutableArray<Signal> signals, ImmutableArray<string> reasons)
    {
        if (signals.IsEmpty || mode == AgentMode.Training)
        {
            return;
        }

        if (mode == AgentMode.Shadow)
        {
            await GrainFactory.GetGrain<IShadowLogGrain>(GrainKeys.Cluster).RecordAsync(pollId, signals, reasons);
            return;
        }

        await GrainFactory.GetGrain<ISignalInboxGrain>(PollerKey).AcceptAsync(new SignalBatch(pollId, signals));
    }

    private void RecordMetrics(PendingPoll pending, Dictionary<string, PatternVerdict> verdicts, int signals)
    {
        metrics.LinesRead(PollerKey, pending.Lines, pending.Ignored);
        foreach (var item in pending.Observations)
        {
            if (verdicts.TryGetValue(item.PatternId, out var verdict))
            {
                metrics.Judged(verdict.Verdict, item.Observation.Count);
            }
        }

        metrics.Signals(pending.Mode.ToString().ToLowerInvariant(), signals);
        if (pending.LastEventTime is { } last)
        {
            metrics.Lag(PollerKey, timeProvider.GetUtcNow() - last);
        }
    }

    private void Commit(PendingPoll pending, Dictionary<string, PatternVerdict> verdicts)
    {
        foreach (var item in pending.Observations)
        {
            if (verdicts.TryGetValue(item.PatternId, out var verdict))
            {
                State.VerdictLines[verdict.Verdict] = State.VerdictLines.GetValueOrDefault(verdict.Verdict) + item.Observation.Count;
            }
        }

        State.Cursor = pending.NextCursor;
        State.Sequence = pending.Sequence;
        State.LinesRead += pending.Lines;
        State.LinesIgnored += pending.Ignored;
        State.EventsWithoutTimestamp += pending.WithoutTimestamp;
        foreach (var (reason, count) in pending.Skipped)
        {
            State.Skipped[reason] = State.Skipped.GetValueOrDefault(reason) + count;
        }

        if (pending.LastEventTime is { } last && (State.LastEventTime is null || last > State.LastEventTime))
        {
            State.LastEventTime = last;
        }

        State.LastPollAt = timeProvider.GetUtcNow();
        State.ConsecutiveFailures = 0;
        State.Pending = null;
    }
}
