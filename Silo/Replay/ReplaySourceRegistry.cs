using OrleansAgent.Grains.Sources;
using OrleansAgent.Grains.Sources.Polling;

namespace OrleansAgent.Silo.Replay;

/// <summary>The single source of a replay: its files, read in order by one poller and one miner.</summary>
public sealed class ReplaySourceRegistry(ReplayInputs inputs, string? headerFormat, int maxEventsPerPoll) : ISourceRegistry
{
    public const string SourceName = "replay";

    private readonly SourceOptions _options = new()
    {
        Name = SourceName,
        Type = "file",
        HeaderFormat = headerFormat,
        MaxEventsPerPoll = maxEventsPerPoll,

        // The runner drives every poll; the schedule must not interleave its own.
        PollInterval = TimeSpan.FromDays(1),
    };

    public IReadOnlyList<string> PollerKeys => [SourceName];

    public SourceOptions GetOptions(string pollerKey) =>
        pollerKey == SourceName ? _options : throw new KeyNotFoundException($"A replay has only the source '{SourceName}', not '{pollerKey}'.");

    public ILogSource CreateSource(string pollerKey) => new ReplayFileSource(GetOptions(pollerKey).Name, inputs);
}
