namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>Merging of patterns that turned out to be one, and eviction when the pattern cap is reached.</summary>
public sealed partial class TemplateMiner
{
    // A generalised template may now match lines that another pattern of the same length also matches.
    // Those patterns merge into it, so that a line matches one pattern and a replayed line keeps its id.
    // NOTE: a line whose prefix tree search exceeds its visit limit can still start an overlapping pattern.
    private void MergeOverlapping(Pattern survivor)
    {
        var changed = true;
        while (changed && (survivor.Head ?? survivor).IsLive)
        {
            changed = false;
            var family = survivor.Head ?? survivor;
            var others = (_byLength.GetValueOrDefault(survivor.Length) ?? []).Concat(_variantsByLength.GetValueOrDefault(survivor.Length) ?? []);
            foreach (var other in others.Where(o => (o.Head ?? o) != family && PatternMatcher.Overlaps(survivor, o)).ToList())
            {
                var absorbed = other.Head ?? other;
                if (!family.IsLive || !absorbed.IsLive || absorbed == family)
                {
                    continue;
                }

                var (tokens, open) = PatternMatcher.Union(survivor, other);
                UpdateShape(survivor, tokens, open);
                Absorb(family, absorbed);
                changed = true;
            }
        }
    }

    // A generalised pattern may now accept another pattern of its length as if it were a line. Joining
    // them keeps the arrival order of variants from deciding whether they end up as one pattern.
    private void JoinCompatible(Pattern pattern)
    {
        if (!_patterns.ContainsKey(pattern.Id))
        {
            return;
        }

        foreach (var other in _byLength[pattern.Length].ToList())
        {
            if (ReferenceEquals(other, pattern) || !_patterns.ContainsKey(other.Id) || _matcher.TryJoin(pattern, other) is not { } union)
            {
                continue;
            }

            Generalise(pattern, union.Tokens, union.Open);
            if (_patterns.ContainsKey(other.Id))
            {
                Absorb(pattern, other);
            }
        }
    }

    private void Absorb(Pattern survivor, Pattern other)
    {
        Unregister(other);
        if (other.Length != survivor.Length)
        {
            // The absorbed shape still has to match its lines, now as a length variant of the survivor.
            AddVariant(survivor, other.Tokens, other.Open);
        }

        foreach (var variant in other.Variants)
        {
            variant.Head = survivor;
            survivor.Variants.Add(variant);
        }

        other.Variants.Clear();
        survivor.Count += other.Count;
        survivor.LastSeen = Math.Max(survivor.LastSeen, other.LastSeen);
        survivor.IsProtected |= other.IsProtected;
        if (other.IsProtected)
        {
            _protectedIds.Add(survivor.Id);
        }

        RedirectAliases(other.Id, survivor.Id);
        _merges.Add(new PatternMerge(other.Id, survivor.Id, survivor.Template));
    }

    // New value words can make existing patterns equivalent; merge each such pair into the older pattern.
    // Returns the pattern that absorbed the given one, or the pattern itself.
    private Pattern LearnValueWords(IReadOnlyList<string> words, Pattern current)
    {
        foreach (var word in words)
        {
            _matcher.AddValueWord(word);
        }

        var touched = _patterns.Values
            .Where(p => p.Tokens.Any(t => words.Contains(t)))
            .OrderBy(p => p.Order)
            .ToList();
        foreach (var pattern in touched)
        {
            if (!_patterns.ContainsKey(pattern.Id))
            {
                continue;
            }

            foreach (var other in _byLength[pattern.Length].OrderBy(p => p.Order).ToList())
            {
                if (ReferenceEquals(other, pattern) || !_patterns.ContainsKey(pattern.Id) || _matcher.TryUnion(pattern, other) is not { } union)
                {
                    continue;
                }

                var (survivor, absorbed) = pattern.Order < other.Order ? (pattern, other) : (other, pattern);
                Generalise(survivor, union.Tokens, union.Open);
                if (_patterns.ContainsKey(absorbed.Id))
                {
                    Absorb(survivor, absorbed);
                }

                if (ReferenceEquals(absorbed, current))
                {
                    current = survivor;
                }
            }
        }

        return current;
    }

    private void RedirectAliases(string fromId, string intoId)
    {
        foreach (var key in _aliases.Where(a => a.Value == fromId).Select(a => a.Key).ToList())
        {
            _aliases[key] = intoId;
        }

        _aliases[fromId] = intoId;
    }

    private void EvictOne()
    {
        Pattern? victim = null;
        foreach (var candidate in _patterns.Values)
        {
            if (candidate.IsProtected)
            {
                continue;
            }

            if (victim is null
                || candidate.Count < victim.Count
                || (candidate.Count == victim.Count && candidate.LastSeen < victim.LastSeen)
                || (candidate.Count == victim.Count && candidate.LastSeen == victim.LastSeen && candidate.Order < victim.Order))
            {
                victim = candidate;
            }
        }

        // NOTE: when every pattern is protected nothing is evicted and the miner grows past MaxPatterns,
        // because dropping a protected pattern or refusing the line would both lose data.
        if (victim is null)
        {
            return;
        }

        Unregister(victim);
        foreach (var variant in victim.Variants)
        {
            RemoveVariant(variant);
        }

        _evictions.Add(victim.Id);
        foreach (var alias in _aliases.Where(a => a.Value == victim.Id).Select(a => a.Key).ToList())
        {
            _aliases.Remove(alias);
            _evictions.Add(alias);
        }
    }
}
