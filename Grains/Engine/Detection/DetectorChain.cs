using OrleansAgent.Grains.Engine.Mining;
using OrleansAgent.Grains.Engine.Parsing;
using OrleansAgent.Grains.Engine.Redaction;
using OrleansAgent.Grains.Engine.Rules;
using OrleansAgent.Grains.Sources;

namespace OrleansAgent.Grains.Engine.Detection;

/// <summary>
/// Runs the cheap stages of the funnel over a batch of events: redaction first, then header parsing, rules
/// and mining, and aggregates the result per pattern and baseline window. It keeps no state of its own
/// besides the miner it is given, and it has no Orleans types, so it can be tested and benchmarked alone.
/// </summary>
public sealed class DetectorChain(
    string source,
    Redactor redactor,
    RuleEngine rules,
    HeaderParser headerParser,
    TemplateMiner miner,
    TimeSpan windowSize,
    int maxSamples = 3)
{
    /// <summary>Characters of a line kept in a sample; samples travel to grains, prompts and notifications.</summary>
    public const int MaxSampleLength = 2000;

    /// <summary>Characters of a message passed to the miner; the rest of a longer message is cut and counted.</summary>
    public const int MaxContentLength = 4096;

    private readonly long _windowTicks = windowSize.Ticks;

    public TemplateMiner Miner => miner;

    /// <summary>Events dated before this time are counted in <see cref="BatchResult.BeforeStart"/> and not mined.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Processes <paramref name="events"/>; events without a timestamp take <paramref name="arrivalTime"/>.</summary>
    public BatchResult Process(IReadOnlyList<SourceEvent> events, DateTimeOffset arrivalTime)
    {
        var result = new BatchResult();
        foreach (var sourceEvent in events)
        {
            ProcessOne(sourceEvent.Text, sourceEvent.Timestamp, arrivalTime, result);
        }

        FoldMerges(result);
        return result;
    }

    /// <summary>Processes one raw line into <paramref name="result"/>.</summary>
    public void ProcessOne(string text, DateTimeOffset? sourceTimestamp, DateTimeOffset arrivalTime, BatchResult result)
    {
        result.Lines++;
        if (string.IsNullOrWhiteSpace(text))
        {
            result.Empty++;
            return;
        }

        var redacted = redactor.Redact(text);
        var parsed = headerParser.Parse(redacted, arrivalTime);

        var eventTime = sourceTimestamp ?? parsed.Timestamp;
        if (eventTime is null)
        {
            result.WithoutTimestamp++;
            eventTime = arrivalTime;
        }

        if (eventTime < NotBefore)
        {
            result.BeforeStart++;
            return;
        }

        var rule = rules.Rules.Count == 0 ? null : rules.Match(redacted, source);
        if (rule is { Action: RuleAction.Ignore })
        {
            result.Ignored++;
            return;
        }

        var content = parsed.Content;
        if (content.Length > MaxContentLength)
        {
            // Templates travel to grains, listings and notifications; a huge line keeps its head only.
            result.ContentTruncated++;
            content = content[..MaxContentLength];
        }

        var mined = miner.Add(content);
        var time = eventTime.Value;
        var aggregate = Aggregate(result, mined, time, redacted, parsed.Level);
        if (rule is { Action: RuleAction.Alert } alert)
        {
            AddRuleHit(result, alert, aggregate.PatternId, time, redacted);
        }

        if (result.LastEventTime is null || time > result.LastEventTime)
        {
            result.LastEventTime = time;
        }

        if (result.FirstEventTime is null || time < result.FirstEventTime)
        {
            result.FirstEventTime = time;
        }
    }

    private PatternAggregate Aggregate(BatchResult result, MineResult mined, DateTimeOffset time, string redacted, string? level)
    {
        if (!result.Patterns.TryGetValue(mined.PatternId, out var aggregate))
        {
            aggregate = new PatternAggregate(mined.PatternId, mined.Template);
            result.Patterns.Add(mined.PatternId, aggregate);
        }

        aggregate.Template = mined.Template;
        aggregate.Count++;
        var windowStart = WindowStart(time);
        aggregate.Windows.Add(windowStart, 1);
        Widen(aggregate, time);
        AddSample(aggregate.Samples, redacted);
        if (level is not null)
        {
            aggregate.Level = LogLevels.MoreSevere(aggregate.Level, level);
        }

        return aggregate;
    }

    private void AddRuleHit(BatchResult result, RuleMatch match, string patternId, DateTimeOffset time, string redacted)
    {
        var key = (match.RuleName, patternId);
        if (!result.RuleHits.TryGetValue(key, out var hit))
        {
            hit = new RuleHitAggregate(match.RuleName, match.Severity, patternId);
            result.RuleHits.Add(key, hit);
        }

        hit.Count++;
        hit.FirstEventTime = time < hit.FirstEventTime ? time : hit.FirstEventTime;
        hit.LastEventTime = time > hit.LastEventTime ? time : hit.LastEventTime;
        AddSample(hit.Samples, redacted);
    }

    /// <summary>
    /// Moves the lines of a pattern merged during this batch onto the surviving pattern, so the batch reports
    /// each line under the id the miner now gives it.
    /// </summary>
    private void FoldMerges(BatchResult result)
    {
        foreach (var merge in miner.TakeMerges())
        {
            result.Merges.Add((merge.FromId, merge.IntoId));
            RekeyRuleHits(result, merge.FromId, merge.IntoId);
            if (!result.Patterns.Remove(merge.FromId, out var from))
            {
                continue;
            }

            if (!result.Patterns.TryGetValue(merge.IntoId, out var into))
            {
                into = new PatternAggregate(merge.IntoId, merge.Template);
                result.Patterns.Add(merge.IntoId, into);
            }

            into.Template = merge.Template;
            into.Count += from.Count;
            foreach (var (start, count) in from.Windows)
            {
                into.Windows.Add(start, count);
            }

            Widen(into, from.FirstEventTime);
            Widen(into, from.LastEventTime);
            from.Samples.ForEach(sample => AddSample(into.Samples, sample));
            into.Level = LogLevels.MoreSevere(into.Level, from.Level);
        }
    }

    private static void RekeyRuleHits(BatchResult result, string fromId, string intoId)
    {
        foreach (var key in result.RuleHits.Keys.Where(key => key.PatternId == fromId).ToList())
        {
            result.RuleHits.Remove(key, out var hit);
            var target = (key.RuleName, intoId);
            if (result.RuleHits.TryGetValue(target, out var existing))
            {
                existing.Count += hit!.Count;
                existing.FirstEventTime = hit.FirstEventTime < existing.FirstEventTime ? hit.FirstEventTime : existing.FirstEventTime;
                existing.LastEventTime = hit.LastEventTime > existing.LastEventTime ? hit.LastEventTime : existing.LastEventTime;
                continue;
            }

            var moved = new RuleHitAggregate(hit!.RuleName, hit.Severity, intoId)
            {
                Count = hit.Count,
                FirstEventTime = hit.FirstEventTime,
                LastEventTime = hit.LastEventTime,
            };
            moved.Samples.AddRange(hit.Samples);
            result.RuleHits.Add(target, moved);
        }
    }

    private long WindowStart(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return ticks - (ticks % _windowTicks);
    }

    private static void Widen(PatternAggregate aggregate, DateTimeOffset time)
    {
        aggregate.FirstEventTime = time < aggregate.FirstEventTime ? time : aggregate.FirstEventTime;
        aggregate.LastEventTime = time > aggregate.LastEventTime ? time : aggregate.LastEventTime;
    }

    private void AddSample(List<string> samples, string redacted)
    {
        if (samples.Count >= maxSamples)
        {
            return;
        }

        var sample = redacted.Length <= MaxSampleLength ? redacted : string.Concat(redacted.AsSpan(0, MaxSampleLength), "…[truncated]");
        if (!samples.Contains(sample))
        {
            samples.Add(sample);
        }
    }
}
