using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Engine.Baseline;
using OrleansAgent.Grains.Hosting;
using OrleansAgent.Grains.Interfaces.Modes;
using OrleansAgent.Grains.Interfaces.Patterns;
using ApiWindowCount = OrleansAgent.Grains.Interfaces.Patterns.WindowCount;

namespace OrleansAgent.Grains.Patterns;

/// <summary>
/// One log pattern: its template, counts, event-time baseline, operator status and labels. The poller calls
/// <see cref="ObserveAsync"/> once per poll with the aggregated lines of the pattern.
/// </summary>
/// <remarks>
/// Hash-based placement spreads the patterns over the silos by id. The default resource-optimized placement
/// prefers the calling silo, so every pattern would stay on the silo of the poller that saw it first and one
/// busy source would load one silo. The cost is one remote call per pattern and poll on the other silos.
/// </remarks>
[Orleans.Placement.HashBasedPlacement]
public sealed partial class PatternGrain(
    [PersistentState("pattern", AgentNames.Storage)] IPersistentState<PatternState> state,
    IOptions<DetectionOptions> detectionOptions,
    IOptions<BaselineOptions> baselineOptions,
    ILogger<PatternGrain> logger) : Grain, IPatternGrain
{
    private PatternState State => state.State;

    private string PatternId => this.GetPrimaryKeyString();

    public async Task<PatternVerdict> ObserveAsync(PatternObservation observation)
    {
        if (IsReplay(observation, out var previous))
        {
            return previous;
        }

        var isNew = !State.Exists;
        if (isNew)
        {
            State.Source = observation.Source;
            State.FirstSeen = observation.FirstEventTime;
            State.Status = observation.Mode == AgentMode.Training ? PatternStatus.Known : PatternStatus.Candidate;
        }

        var baseline = LoadBaseline();
        var (assessment, windowStart) = CountLines(observation, baseline);
        PromoteIfLearned(observation.Mode);

        var (verdict, reason) = Decide(isNew, assessment);
        State.LastVerdict = verdict;
        var result = new PatternVerdict(verdict, reason, assessment.WindowCount, assessment.Mean, assessment.Ratio, Summarize(baseline), windowStart);
        Remember(observation, result, baseline);

        await state.WriteStateAsync();
        return result;
    }

    public Task<PatternDetails?> GetAsync() =>
        Task.FromResult(State.Exists ? Describe(LoadBaseline()) : null);

    public async Task<PatternDetails> UpdateAsync(PatternUpdate update, string changedBy)
    {
        if (!State.Exists)
        {
            throw new KeyNotFoundException($"Pattern '{PatternId}' does not exist.");
        }

        if (update.Status is { } status)
        {
            State.Status = status;
            State.IsOperatorManaged = true;
        }

        if (update.Labels is { } labels)
        {
            State.Labels = labels.Select(label => label.Trim()).Where(label => label.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            State.IsOperatorManaged = true;
        }

        if (update.Note is not null)
        {
            State.Note = update.Note;
        }

        await state.WriteStateAsync();

        LogPatternUpdated(PatternId, State.Status, changedBy);
        return Describe(LoadBaseline());
    }

    public async Task<PatternDetails?> MarkMergedAsync(string targetPatternId)
    {
        if (!State.Exists)
        {
            return null;
        }

        if (State.MergedInto != targetPatternId)
        {
            State.MergedInto = targetPatternId;
            await state.WriteStateAsync();
        }

        return Describe(LoadBaseline());
    }

    public async Task<PatternSummary> AbsorbAsync(PatternDetails merged)
    {
        var mergedId = merged.Summary.PatternId;
        var baseline = LoadBaseline();
        if (State.MergedFrom.Contains(mergedId) || mergedId == PatternId)
        {
            return Summarize(baseline);
        }

        State.MergedFrom.Add(mergedId);
        State.TotalCount += merged.Summary.TotalCount;
        State.Labels = State.Labels.Union(merged.Summary.Labels, StringComparer.Ordinal).ToList();
        State.Note ??= merged.Note;
        if (!State.Exists || merged.Summary.FirstSeen < State.FirstSeen)
        {
            State.FirstSeen = merged.Summary.FirstSeen;
        }

        State.LastSeen = Max(State.LastSeen, merged.Summary.LastSeen);
        State.Status = StrongerStatus(State.Status, merged.Summary.Status);
        State.IsOperatorManaged |= merged.Summary.Labels.Length > 0;

        await state.WriteStateAsync();

        LogPatternAbsorbed(PatternId, mergedId, merged.Summary.TotalCount);
        return Summarize(baseline);
    }

    public async Task<PatternDetails> ResetBaselineAsync(string changedBy)
    {
        if (!State.Exists)
        {
            throw new KeyNotFoundException($"Pattern '{PatternId}' does not exist.");
        }

        State.BaselineJson = null;
        State.WindowsSeen = 0;
        State.LastWindowStart = null;
        await state.WriteStateAsync();

        LogBaselineReset(PatternId, changedBy);
        return Describe(LoadBaseline());
    }

    public async Task<bool> DeleteAsync(string changedBy)
    {
        if (!State.Exists)
        {
            return false;
        }

        await state.ClearStateAsync();
        state.State = new PatternState();
        LogPatternDeleted(PatternId, changedBy);
        return true;
    }

    public Task<PatternExport?> ExportAsync() => Task.FromResult(State.Exists
        ? new PatternExport(
            PatternId, State.Source, State.Template, State.Status, [.. State.Labels], State.Note, State.TotalCount,
            State.FirstSeen, State.LastSeen, State.WindowsSeen, State.LastWindowStart, State.LastVerdict, State.MergedInto,
            [.. State.MergedFrom], [.. State.Samples], State.IsOperatorManaged, State.BaselineJson)
        : null);

    public async Task<PatternSummary> RestoreAsync(PatternExport export)
    {
        // Replay bookkeeping is not part of a catalog file: the next poll of any source counts as new.
        state.State = new PatternState
        {
            Source = export.Source,
            Template = export.Template,
            Status = export.Status,
            Labels = [.. export.Labels],
            Note = export.Note,
            TotalCount = export.TotalCount,
            FirstSeen = export.FirstSeen,
            LastSeen = export.LastSeen,
            WindowsSeen = export.WindowsSeen,
            LastWindowStart = export.LastWindowStart,
            LastVerdict = export.LastVerdict,
            MergedInto = export.MergedInto,
            MergedFrom = [.. export.MergedFrom],
            Samples = [.. export.Samples],
            IsOperatorManaged = export.IsOperatorManaged,
            BaselineJson = export.BaselineJson,
        };
        await state.WriteStateAsync();
        return Summarize(LoadBaseline());
    }

    private bool IsReplay(PatternObservation observation, out PatternVerdict previous)
    {
        previous = null!;
        return State.AppliedSequences.TryGetValue(observation.Source, out var applied)
            && observation.Sequence <= applied
            && State.LastResults.TryGetValue(observation.Source, out previous!);
    }

    /// <summary>
    /// Counts the observation into the totals and the baseline, window by window in event time, and returns
    /// the assessment of the window that deviates most from the baseline. A poll that reads hours of history at once is
    /// judged window by window, as live polls would have judged it, not only by its last window.
    /// </summary>
    private (SpikeAssessment Assessment, DateTimeOffset? WindowStart) CountLines(PatternObservation observation, RateBaseline baseline)
    {
        State.Template = observation.Template;
        State.TotalCount += observation.Count;
        State.FirstSeen = observation.FirstEventTime < State.FirstSeen ? observation.FirstEventTime : State.FirstSeen;
        State.LastSeen = Max(State.LastSeen, observation.LastEventTime);

        SpikeAssessment? strongest = null;
        DateTimeOffset? strongestStart = null;
        foreach (var window in observation.Windows.OrderBy(window => window.Start))
        {
            baseline.Add(window.Start, window.Count);
            var assessment = baseline.Assess();
            if (strongest is null || (assessment.IsSpike && !strongest.IsSpike) || (assessment.IsSpike == strongest.IsSpike && assessment.Ratio > strongest.Ratio))
            {
                strongest = assessment;
                strongestStart = window.Start;
            }

            if (State.LastWindowStart is null || window.Start > State.LastWindowStart)
            {
                State.WindowsSeen++;
                State.LastWindowStart = window.Start;
            }
        }

        return (strongest ?? baseline.Assess(), strongestStart);
    }

    /// <summary>
    /// Training learns every pattern it observes. Outside training, a candidate seen in enough separate windows
    /// becomes known unless an operator manages it.
    /// </summary>
    private void PromoteIfLearned(AgentMode mode)
    {
        if (State.Status != PatternStatus.Candidate)
        {
            return;
        }

        var threshold = detectionOptions.Value.AutoPromoteAfterWindows;
        var autoPromote = threshold > 0 && State.WindowsSeen > threshold && !State.IsOperatorManaged;
        if (mode == AgentMode.Training || autoPromote)
        {
            State.Status = PatternStatus.Known;
            LogPatternLearned(PatternId, mode, State.WindowsSeen);
        }
    }

    private (Verdict Verdict, string Reason) Decide(bool isNew, SpikeAssessment assessment) => State.Status switch
    {
        PatternStatus.Suppressed => (Verdict.Suppressed, "an operator suppressed this pattern"),
        PatternStatus.Escalate => (Verdict.Escalate, "an operator marked this pattern to be always reported"),
        PatternStatus.Candidate => (Verdict.Unknown, isNew
            ? "first occurrence of this pattern"
            : $"pattern not learned yet (seen in {State.WindowsSeen} windows)"),
        _ when assessment.IsSpike => (Verdict.Spike, assessment.Reason),
        _ => (Verdict.Known, "known pattern within its baseline"),
    };

    private void Remember(PatternObservation observation, PatternVerdict result, RateBaseline baseline)
    {
        var options = detectionOptions.Value;
        foreach (var sample in observation.Samples)
        {
            if (!State.Samples.Contains(sample))
            {
                State.Samples.Add(sample);
            }
        }

        if (State.Samples.Count > options.MaxSamplesPerPattern)
        {
            State.Samples.RemoveRange(0, State.Samples.Count - options.MaxSamplesPerPattern);
        }

        State.Trail.Add(new VerdictRecord(observation.LastEventTime, result.Verdict, observation.Count, result.Reason, observation.Mode));
        if (State.Trail.Count > options.MaxVerdictTrail)
        {
            State.Trail.RemoveRange(0, State.Trail.Count - options.MaxVerdictTrail);
        }

        State.BaselineJson = JsonSerializer.Serialize(baseline.ToState());
        State.AppliedSequences[observation.Source] = observation.Sequence;
        State.LastResults[observation.Source] = result;
    }

    private RateBaseline LoadBaseline()
    {
        if (State.BaselineJson is null)
        {
            return new RateBaseline(baselineOptions.Value);
        }

        var saved = JsonSerializer.Deserialize<BaselineState>(State.BaselineJson)
            ?? throw new InvalidOperationException($"Pattern '{PatternId}' has an empty stored baseline.");
        return RateBaseline.FromState(saved, baselineOptions.Value);
    }

    private PatternSummary Summarize(RateBaseline baseline) => new(
        PatternId,
        State.Source,
        State.Template,
        State.Status,
        State.TotalCount,
        baseline.Mean,
        State.FirstSeen,
        State.LastSeen,
        [.. State.Labels],
        State.LastVerdict,
        State.MergedInto);

    private PatternDetails Describe(RateBaseline baseline) => new(
        Summarize(baseline),
        State.Note,
        Math.Sqrt(baseline.Variance),
        baseline.ClosedWindows,
        [.. baseline.RecentWindows.Select(window => new ApiWindowCount(window.Start, window.Count))],
        [.. State.Samples],
        [.. State.Trail],
        [.. State.MergedFrom]);

    private static PatternStatus StrongerStatus(PatternStatus current, PatternStatus merged)
    {
        // An operator's escalate or suppress decision on either side survives a merge; escalate wins.
        if (current == PatternStatus.Escalate || merged == PatternStatus.Escalate)
        {
            return PatternStatus.Escalate;
        }

        if (current == PatternStatus.Suppressed || merged == PatternStatus.Suppressed)
        {
            return PatternStatus.Suppressed;
        }

        return current == PatternStatus.Known || merged == PatternStatus.Known ? PatternStatus.Known : current;
    }

    private static DateTimeOffset Max(DateTimeOffset left, DateTimeOffset right) => left > right ? left : right;

    [LoggerMessage(EventId = 1101, EventName = "PatternLearned", Level = LogLevel.Debug,
        Message = "Pattern {PatternId} learned in mode {Mode} after {Windows} windows")]
    private partial void LogPatternLearned(string patternId, AgentMode mode, int windows);

    [LoggerMessage(EventId = 1102, EventName = "PatternUpdated", Level = LogLevel.Information,
        Message = "Pattern {PatternId} updated by {ChangedBy}: status {Status}")]
    private partial void LogPatternUpdated(string patternId, PatternStatus status, string changedBy);

    [LoggerMessage(EventId = 1103, EventName = "PatternAbsorbed", Level = LogLevel.Information,
        Message = "Pattern {PatternId} absorbed merged pattern {MergedId} with {Count} lines")]
    private partial void LogPatternAbsorbed(string patternId, string mergedId, long count);

    [LoggerMessage(EventId = 1104, EventName = "PatternBaselineReset", Level = LogLevel.Information,
        Message = "Pattern {PatternId} baseline reset by {ChangedBy}")]
    private partial void LogBaselineReset(string patternId, string changedBy);

    [LoggerMessage(EventId = 1105, EventName = "PatternDeleted", Level = LogLevel.Information,
        Message = "Pattern {PatternId} deleted by {ChangedBy}")]
    private partial void LogPatternDeleted(string patternId, string changedBy);
}
