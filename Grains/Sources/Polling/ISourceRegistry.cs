namespace OrleansAgent.Grains.Sources.Polling;

/// <summary>The configured sources, expanded into one entry per poller key (source, or source/shard).</summary>
public interface ISourceRegistry
{
    /// <summary>The poller keys of every configured source and shard.</summary>
    IReadOnlyList<string> PollerKeys { get; }

    /// <summary>Returns the options of <paramref name="pollerKey"/>; throws <see cref="KeyNotFoundException"/> when it is not configured.</summary>
    SourceOptions GetOptions(string pollerKey);

    /// <summary>Creates the source reader of <paramref name="pollerKey"/>.</summary>
    ILogSource CreateSource(string pollerKey);
}
