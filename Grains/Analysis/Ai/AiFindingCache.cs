using System.Collections.Concurrent;
using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Grains.Analysis.Ai;

/// <summary>
/// Model assessments by pattern id and verdict, kept for the TTL. Lines that differ only in values share a
/// pattern id, so they reuse one assessment. The verdict is part of the key because a spike of a pattern is a
/// different question than its first appearance.
/// </summary>
/// <remarks>NOTE: the cache lives in each silo's memory, so each silo asks the model once per pattern and TTL.</remarks>
internal sealed class AiFindingCache(TimeSpan ttl, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<(string PatternId, Verdict Verdict), (ModelAssessment Assessment, DateTimeOffset Expires)> _entries = new();

    public bool TryGet(Signal signal, out ModelAssessment assessment)
    {
        var key = (signal.PatternId, signal.Verdict);
        if (_entries.TryGetValue(key, out var entry))
        {
            if (entry.Expires > timeProvider.GetUtcNow())
            {
                assessment = entry.Assessment;
                return true;
            }

            _entries.TryRemove(KeyValuePair.Create(key, entry));
        }

        assessment = null!;
        return false;
    }

    public void Add(Signal signal, ModelAssessment assessment)
    {
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        _entries[(signal.PatternId, signal.Verdict)] = (assessment, now + ttl);
        RemoveExpired(now);
    }

    private void RemoveExpired(DateTimeOffset now)
    {
        foreach (var entry in _entries)
        {
            if (entry.Value.Expires <= now)
            {
                _entries.TryRemove(entry);
            }
        }
    }
}
