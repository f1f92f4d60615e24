using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Hosting;
using OrleansAgent.Grains.Interfaces.Shadow;

namespace OrleansAgent.Grains.Shadow;

/// <summary>Persisted state of <see cref="ShadowLogGrain"/>.</summary>
[GenerateSerializer, Alias("ShadowLogState")]
public sealed class ShadowLogState
{
    [Id(0)] public Dictionary<string, ShadowEntry> Entries { get; set; } = [];

    /// <summary>Ids of the polls already recorded, oldest first, so a replayed poll is not counted twice.</summary>
    [Id(1)] public List<string> RecentPolls { get; set; } = [];
}

/// <summary>
/// What the agent would have reported: one entry per (source, pattern, rule), updated by later polls, with
/// operator reviews from which shadow precision is measured.
/// </summary>
public sealed partial class ShadowLogGrain(
    [PersistentState("shadow", AgentNames.Storage)] IPersistentState<ShadowLogState> state,
    IOptions<DetectionOptions> options,
    ILogger<ShadowLogGrain> logger) : Grain, IShadowLogGrain
{
    private const int RecentPollCapacity = 2000;
    private const int MaxSamplesPerEntry = 3;
    private const int MaxPageSize = 1000;

    public async Task RecordAsync(string pollId, ImmutableArray<Signal> signals, ImmutableArray<string> reasons)
    {
        if (state.State.RecentPolls.Contains(pollId))
        {
            return;
        }

        for (var index = 0; index < signals.Length; index++)
        {
            var reason = index < reasons.Length ? reasons[index] : "";
            Record(signals[index], reason);
            LogWouldReport(signals[index].Source, signals[index].PatternId, signals[index].Verdict, signals[index].Count, reason);
        }

        state.State.RecentPolls.Add(pollId);
        if (state.State.RecentPolls.Count > RecentPollCapacity)
        {
            state.State.RecentPolls.RemoveRange(0, state.State.RecentPolls.Count - RecentPollCapacity);
        }

        EvictOldest();
        await state.WriteStateAsync();
    }

    public Task<ShadowPage> QueryAsync(ShadowQuery query)
    {
        var matches = state.State.Entries.Values
            .Where(entry => query.Source is null || entry.Source == query.Source)
            .Where(entry => query.Verdict is null || entry.Verdict == query.Verdict)
            .Where(entry => query.Reviewed is null || (entry.Review is not null) == query.Reviewed)
            .OrderByDescending(entry => entry.LastSeen)
            .ThenBy(entry => entry.Id, StringComparer.Ordinal)
            .ToList();
        var page = matches.Skip(Math.Max(0, query.Offset)).Take(Math.Clamp(query.Limit, 1, MaxPageSize)).ToImmutableArray();
        return Task.FromResult(new ShadowPage(matches.Count, page));
    }

    public async Task<ShadowEntry?> ReviewAsync(string entryId, ShadowReview review)
    {
        if (!state.State.Entries.TryGetValue(entryId, out var entry))
        {
            return null;
        }

        var reviewed = entry with { Review = review };
        state.State.Entries[entryId] = reviewed;
        await state.WriteStateAsync();
        return reviewed;
    }

    public Task<ShadowPrecision> GetPrecisionAsync()
    {
        var entries = state.State.Entries.Values;
        var reviewed = entries.Where(entry => entry.Review is not null).ToList();
        var real = reviewed.Count(entry => entry.Review!.IsRealProblem);
        double? precision = reviewed.Count == 0 ? null : (double)real / reviewed.Count;
        return Task.FromResult(new ShadowPrecision(entries.Count, reviewed.Count, real, reviewed.Count - real, precision));
    }

    /// <summary>Builds the entry id from source, pattern and rule: the same finding in later polls updates one entry.</summary>
    public static string EntryId(Signal signal) =>
        $"{signal.Source}|{signal.PatternId}|{signal.RuleName ?? signal.Verdict.ToString().ToLowerInvariant()}";

    private void Record(Signal signal, string reason)
    {
        var id = EntryId(signal);
        if (state.State.Entries.TryGetValue(id, out var existing))
        {
            state.State.Entries[id] = existing with
            {
                Template = signal.Template,
                Verdict = signal.Verdict,
                Count = existing.Count + signal.Count,
                Occurrences = existing.Occurrences + 1,
                LastSeen = signal.LastSeen > existing.LastSeen ? signal.LastSeen : existing.LastSeen,
                Samples = [.. existing.Samples.Concat(signal.Samples).Distinct().TakeLast(MaxSamplesPerEntry)],
                Reason = reason,
            };
            return;
        }

        state.State.Entries[id] = new ShadowEntry(
            id, signal.Source, signal.PatternId, signal.Template, signal.Verdict, signal.RuleName, signal.Count, 1,
            signal.FirstSeen, signal.LastSeen, [.. signal.Samples.Take(MaxSamplesPerEntry)], reason, Review: null);
    }

    private void EvictOldest()
    {
        var excess = state.State.Entries.Count - options.Value.MaxShadowEntries;
        if (excess <= 0)
        {
            return;
        }

        // Reviewed entries carry operator work, so unreviewed ones go first.
        var victims = state.State.Entries.Values
            .OrderBy(entry => entry.Review is not null)
            .ThenBy(entry => entry.LastSeen)
            .Take(excess)
            .Select(entry => entry.Id)
            .ToList();
        foreach (var id in victims)
        {
            state.State.Entries.Remove(id);
        }
    }

    [LoggerMessage(EventId = 1201, EventName = "ShadowWouldReport", Level = LogLevel.Information,
        Message = "Shadow: would report {Verdict} for pattern {PatternId} of source {Source} ({Count} lines): {Reason}")]
    private partial void LogWouldReport(string source, string patternId, Verdict verdict, long count, string reason);
}
