namespace OrleansAgent.Grains.Interfaces.Patterns;

/// <summary>
/// The catalog index: one summary row per pattern, so listings do not activate every pattern grain.
/// Keyed by <see cref="GrainKeys.Cluster"/>. Pollers upsert the rows of a poll in one call.
/// </summary>
[Alias("ICatalogGrain")]
public interface ICatalogGrain : IGrainWithStringKey
{
    /// <summary>Inserts or replaces the rows in <paramref name="summaries"/>.</summary>
    [Alias("UpsertAsync")]
    Task UpsertAsync(ImmutableArray<PatternSummary> summaries);

    /// <summary>Returns one page of the rows that match <paramref name="query"/>.</summary>
    [Alias("QueryAsync")]
    Task<PatternPage> QueryAsync(PatternQuery query);

    /// <summary>Removes the row of <paramref name="patternId"/>.</summary>
    [Alias("RemoveAsync")]
    Task RemoveAsync(string patternId);
}
