using OrleansAgent.Grains.Hosting;
using OrleansAgent.Grains.Interfaces.Patterns;

namespace OrleansAgent.Grains.Patterns;

/// <summary>Persisted state of <see cref="CatalogGrain"/>.</summary>
[GenerateSerializer, Alias("CatalogState")]
public sealed class CatalogState
{
    [Id(0)] public Dictionary<string, PatternSummary> Patterns { get; set; } = [];
}

/// <summary>
/// The catalog index: a summary row per pattern for listings, so a listing never activates pattern grains.
/// </summary>
/// <remarks>
/// NOTE: the whole index is written on every upsert, one write per poll. That is cheap for the thousands of
/// patterns one source produces, but a catalog of hundreds of thousands of patterns would want one index
/// grain per source.
/// </remarks>
public sealed class CatalogGrain(
    [PersistentState("catalog", AgentNames.Storage)] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    private const int MaxPageSize = 1000;

    public async Task UpsertAsync(ImmutableArray<PatternSummary> summaries)
    {
        var changed = false;
        foreach (var summary in summaries)
        {
            // Pollers on different silos observe the same pattern, and their rows can arrive out of order. A
            // pattern's count never falls, so a row with a lower count than the stored one is stale.
            if (!state.State.Patterns.TryGetValue(summary.PatternId, out var existing)
                || (existing != summary && summary.TotalCount >= existing.TotalCount))
            {
                state.State.Patterns[summary.PatternId] = summary;
                changed = true;
            }
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }
    }

    public Task<PatternPage> QueryAsync(PatternQuery query)
    {
        var limit = Math.Clamp(query.Limit, 1, MaxPageSize);
        var matches = state.State.Patterns.Values.Where(summary => Matches(summary, query));
        var sorted = Sort(matches, query.Sort, query.Descending).ToList();
        var page = sorted.Skip(Math.Max(0, query.Offset)).Take(limit).ToImmutableArray();
        return Task.FromResult(new PatternPage(sorted.Count, page));
    }

    public async Task RemoveAsync(string patternId)
    {
        if (state.State.Patterns.Remove(patternId))
        {
            await state.WriteStateAsync();
        }
    }

    private static bool Matches(PatternSummary summary, PatternQuery query) =>
        (query.Status is null || summary.Status == query.Status)
        && (query.Source is null || string.Equals(summary.Source, query.Source, StringComparison.Ordinal))
        && (query.Label is null || summary.Labels.Contains(query.Label))
        && (query.Search is null || summary.Template.Contains(query.Search, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<PatternSummary> Sort(IEnumerable<PatternSummary> rows, PatternSort sort, bool descending)
    {
        // The pattern id breaks ties so that paging is stable between requests.
        var ordered = sort switch
        {
            PatternSort.LastSeen => descending ? rows.OrderByDescending(row => row.LastSeen) : rows.OrderBy(row => row.LastSeen),
            PatternSort.FirstSeen => descending ? rows.OrderByDescending(row => row.FirstSeen) : rows.OrderBy(row => row.FirstSeen),
            PatternSort.Rate => descending ? rows.OrderByDescending(row => row.BaselineMean) : rows.OrderBy(row => row.BaselineMean),
            _ => descending ? rows.OrderByDescending(row => row.TotalCount) : rows.OrderBy(row => row.TotalCount),
        };
        return ordered.ThenBy(row => row.PatternId, StringComparer.Ordinal);
    }
}
