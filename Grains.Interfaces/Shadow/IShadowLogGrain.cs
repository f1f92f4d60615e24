namespace OrleansAgent.Grains.Interfaces.Shadow;

/// <summary>The shadow log of the cluster, keyed by <see cref="GrainKeys.Cluster"/>.</summary>
[Alias("IShadowLogGrain")]
public interface IShadowLogGrain : IGrainWithStringKey
{
    /// <summary>Adds the signals of one poll. <paramref name="pollId"/> makes a replayed poll a no-op.</summary>
    [Alias("RecordAsync")]
    Task RecordAsync(string pollId, ImmutableArray<Signal> signals, ImmutableArray<string> reasons);

    /// <summary>Returns one page of entries, newest first.</summary>
    [Alias("QueryAsync")]
    Task<ShadowPage> QueryAsync(ShadowQuery query);

    /// <summary>Records an operator review of entry <paramref name="entryId"/>; returns null when it does not exist.</summary>
    [Alias("ReviewAsync")]
    Task<ShadowEntry?> ReviewAsync(string entryId, ShadowReview review);

    /// <summary>Returns the precision measured from reviews.</summary>
    [Alias("GetPrecisionAsync")]
    Task<ShadowPrecision> GetPrecisionAsync();
}
