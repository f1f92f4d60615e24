using OrleansAgent.Grains.Interfaces.Patterns;

namespace OrleansAgent.Grains.Patterns;

/// <summary>Persisted state of <see cref="PatternGrain"/>.</summary>
[GenerateSerializer, Alias("PatternState")]
public sealed class PatternState
{
    [Id(0)] public string Source { get; set; } = "";
    [Id(1)] public string Template { get; set; } = "";
    [Id(2)] public PatternStatus Status { get; set; }
    [Id(3)] public List<string> Labels { get; set; } = [];
    [Id(4)] public string? Note { get; set; }
    [Id(5)] public DateTimeOffset FirstSeen { get; set; }
    [Id(6)] public DateTimeOffset LastSeen { get; set; }
    [Id(7)] public long TotalCount { get; set; }

    /// <summary>The frequency baseline as JSON of the engine's plain state record.</summary>
    [Id(8)] public string? BaselineJson { get; set; }

    [Id(9)] public List<string> Samples { get; set; } = [];
    [Id(10)] public Verdict? LastVerdict { get; set; }
    [Id(11)] public List<VerdictRecord> Trail { get; set; } = [];

    /// <summary>The highest poll sequence applied per poller key: replays at or below it are not counted again.</summary>
    [Id(12)] public Dictionary<string, long> AppliedSequences { get; set; } = [];

    /// <summary>The verdict returned for the last applied poll per poller key, returned again on a replay.</summary>
    [Id(13)] public Dictionary<string, PatternVerdict> LastResults { get; set; } = [];

    /// <summary>Distinct baseline windows in which the pattern appeared, for auto-promotion.</summary>
    [Id(14)] public int WindowsSeen { get; set; }
    [Id(15)] public DateTimeOffset? LastWindowStart { get; set; }
    [Id(16)] public string? MergedInto { get; set; }
    [Id(17)] public List<string> MergedFrom { get; set; } = [];

    /// <summary>True once an operator set the status or labels; auto-promotion leaves such patterns alone.</summary>
    [Id(18)] public bool IsOperatorManaged { get; set; }

    public bool Exists => TotalCount > 0 || Template.Length > 0;
}
