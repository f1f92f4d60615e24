namespace OrleansAgent.Grains.Interfaces.Sources;

/// <summary>Reads one configured source (or one shard of it) on a schedule. Keyed by the source name, or
/// <c>name/shard</c> for a sharded source.</summary>
[Alias("ISourcePollerGrain")]
public interface ISourcePollerGrain : IGrainWithStringKey
{
    /// <summary>Activates the poller and its schedule. Calling it again is harmless.</summary>
    [Alias("StartAsync")]
    Task StartAsync();

    /// <summary>Runs one poll now (and finishes any poll interrupted by a crash) and returns what it did.</summary>
    [Alias("PollNowAsync")]
    Task<PollReport> PollNowAsync();

    /// <summary>Returns the poller status.</summary>
    [Alias("GetStatusAsync")]
    Task<SourceStatus> GetStatusAsync();

    /// <summary>
    /// Reads the source again from <paramref name="from"/> (event time). With <paramref name="train"/> the history
    /// up to <paramref name="until"/>, or until the poller catches up, trains the baseline whatever the mode.
    /// Lines read again are counted again; the overlap deduplication does not reach that far back.
    /// </summary>
    [Alias("RewindAsync")]
    Task<SourceStatus> RewindAsync(DateTimeOffset from, DateTimeOffset? until, bool train);

    /// <summary>Stops or restarts scheduled polls.</summary>
    [Alias("SetPausedAsync")]
    Task<SourceStatus> SetPausedAsync(bool paused);

    /// <summary>Runs redaction, header parsing, rules and a read-only template match over <paramref name="lines"/>
    /// with the rules in force and the current miner, changing nothing.</summary>
    [Alias("ExplainAsync")]
    Task<ImmutableArray<LineExplanation>> ExplainAsync(ImmutableArray<string> lines);
}
