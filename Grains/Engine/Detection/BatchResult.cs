namespace OrleansAgent.Grains.Engine.Detection;

/// <summary>What one batch of events produced after redaction, rules and mining, aggregated per pattern.</summary>
public sealed class BatchResult
{
    /// <summary>Aggregates keyed by pattern id, in order of first appearance.</summary>
    public Dictionary<string, PatternAggregate> Patterns { get; } = new(StringComparer.Ordinal);

    /// <summary>Alert rule hits keyed by (rule name, pattern id).</summary>
    public Dictionary<(string RuleName, string PatternId), RuleHitAggregate> RuleHits { get; } = [];

    /// <summary>Patterns the miner merged during this batch, as (from, into).</summary>
    public List<(string FromId, string IntoId)> Merges { get; } = [];

    /// <summary>Events read, ignored ones included.</summary>
    public long Lines { get; set; }

    /// <summary>Messages longer than <see cref="DetectorChain.MaxContentLength"/>, mined by their head only.</summary>
    public long ContentTruncated { get; set; }

    /// <summary>Events dated before the start of a rewind, counted and not mined.</summary>
    public long BeforeStart { get; set; }

    /// <summary>Empty or whitespace-only lines, counted and not mined.</summary>
    public long Empty { get; set; }

    /// <summary>Events dropped by an <c>ignore</c> rule before mining.</summary>
    public long Ignored { get; set; }

    /// <summary>Events that had no usable timestamp and took their arrival time.</summary>
    public long WithoutTimestamp { get; set; }

    /// <summary>The earliest event time in the batch.</summary>
    public DateTimeOffset? FirstEventTime { get; set; }

    /// <summary>The latest event time in the batch.</summary>
    public DateTimeOffset? LastEventTime { get; set; }
}

/// <summary>The lines of one pattern in one batch.</summary>
public sealed class PatternAggregate(string patternId, string template)
{
    public string PatternId { get; } = patternId;

    /// <summary>The template after the last line of the batch, which includes every generalisation.</summary>
    public string Template { get; set; } = template;

    public long Count { get; set; }

    /// <summary>Lines per baseline window, keyed by window start in UTC ticks.</summary>
    public WindowCounts Windows { get; } = new();

    public List<string> Samples { get; } = [];

    public DateTimeOffset FirstEventTime { get; set; } = DateTimeOffset.MaxValue;

    public DateTimeOffset LastEventTime { get; set; } = DateTimeOffset.MinValue;

    /// <summary>The most severe level seen, normalised to upper case, or null when no header had one.</summary>
    public string? Level { get; set; }
}

/// <summary>The lines of one pattern that matched one alert rule in one batch.</summary>
public sealed class RuleHitAggregate(string ruleName, OrleansAgent.Grains.Interfaces.Model.Severity severity, string patternId)
{
    public string RuleName { get; } = ruleName;

    public OrleansAgent.Grains.Interfaces.Model.Severity Severity { get; } = severity;

    public string PatternId { get; } = patternId;

    public long Count { get; set; }

    public List<string> Samples { get; } = [];

    public DateTimeOffset FirstEventTime { get; set; } = DateTimeOffset.MaxValue;

    public DateTimeOffset LastEventTime { get; set; } = DateTimeOffset.MinValue;
}
