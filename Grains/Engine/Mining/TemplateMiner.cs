namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>
/// Streaming log template miner. Each line gets its pattern id when it is added; later lines may generalise
/// a template, and when two patterns become one the merge is recorded as an alias, so an id once returned
/// always resolves. Deterministic for a given sequence of calls; not thread-safe (one caller at a time).
/// </summary>
public sealed class TemplateMiner
{
    private readonly MinerOptions _options;
    private readonly PatternMatcher _matcher;
    private readonly LineTokenizer _line = new();
    private readonly TemplateTrie _trie = new();
    private readonly Dictionary<string, Pattern> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<Pattern>> _byLength = [];
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly HashSet<string> _protectedIds = new(StringComparer.Ordinal);
    private readonly List<PatternMerge> _merges = [];
    private readonly List<string> _evictions = [];
    private long _sequence;
    private long _nextOrder;

    /// <summary>Creates an empty miner.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting in <paramref name="options"/> is out of range.</exception>
    public TemplateMiner(MinerOptions? options = null)
    {
        _options = options ?? new MinerOptions();
        _options.Validate();
        _matcher = new PatternMatcher(_options);
    }

    /// <summary>Number of patterns currently held.</summary>
    public int PatternCount => _patterns.Count;

    /// <summary>The patterns in creation order.</summary>
    public IReadOnlyCollection<MinedPattern> Patterns =>
        _patterns.Values.OrderBy(p => p.Order).Select(p => p.ToPublic()).ToList();

    /// <summary>Learns <paramref name="content"/> and returns its pattern.</summary>
    public MineResult Add(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        _sequence++;
        _line.Tokenize(content, _options.MaxTokensPerLine);
        var known = _trie.Find(_line);
        if (known is not null)
        {
            return Hit(known, false);
        }

        var tokens = _line.ToStrings();
        var best = _matcher.FindBest(tokens, _byLength.GetValueOrDefault(tokens.Length));
        if (best is { } choice)
        {
            Generalise(choice.Pattern, choice.Tokens, choice.Open);
            JoinCompatible(choice.Pattern);
            var survivor = choice.LearnedWords.Count > 0 ? LearnValueWords(choice.LearnedWords, choice.Pattern) : choice.Pattern;
            return Hit(survivor, false);
        }

        if (_matcher.FindAligned(tokens, _byLength) is { } aligned)
        {
            AddVariant(aligned.Pattern, aligned.Tokens, aligned.Open);
            return Hit(aligned.Pattern, false);
        }

        return Hit(Create(tokens), true);
    }

    /// <summary>Returns the pattern <paramref name="content"/> would join, or null when it would start a
    /// new one. Changes nothing.</summary>
    public MineResult? Match(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        _line.Tokenize(content, _options.MaxTokensPerLine);
        var known = _trie.Find(_line);
        if (known is not null)
        {
            var head = known.Head ?? known;
            return new MineResult(head.Id, head.Template, false);
        }

        var line = _line.ToStrings();
        var best = _matcher.FindBest(line, _byLength.GetValueOrDefault(line.Length)) ?? _matcher.FindAligned(line, _byLength);
        return best is null ? null : new MineResult(best.Value.Pattern.Id, best.Value.Pattern.Template, false);
    }

    /// <summary>Returns the current id for <paramref name="patternId"/> after merges, or null when the id is
    /// unknown or was evicted.</summary>
    public string? Resolve(string patternId)
    {
        ArgumentNullException.ThrowIfNull(patternId);
        if (_patterns.ContainsKey(patternId))
        {
            return patternId;
        }

        return _aliases.GetValueOrDefault(patternId);
    }

    /// <summary>Marks a pattern as exempt from eviction, or lifts the mark. An id that is not known yet is
    /// remembered and applies when a pattern with that id appears.</summary>
    public void SetProtected(string patternId, bool isProtected)
    {
        ArgumentNullException.ThrowIfNull(patternId);
        var id = Resolve(patternId) ?? patternId;
        if (isProtected)
        {
            _protectedIds.Add(id);
        }
        else
        {
            _protectedIds.Remove(id);
        }

        if (_patterns.TryGetValue(id, out var pattern))
        {
            pattern.IsProtected = isProtected;
        }
    }

    /// <summary>Returns the merges since the last call and forgets them.</summary>
    public IReadOnlyList<PatternMerge> TakeMerges()
    {
        var taken = _merges.ToArray();
        _merges.Clear();
        return taken;
    }

    /// <summary>Returns the ids evicted since the last call (aliases of evicted patterns included) and
    /// forgets them.</summary>
    public IReadOnlyList<string> TakeEvictions()
    {
        var taken = _evictions.ToArray();
        _evictions.Clear();
        return taken;
    }

    /// <summary>Captures the learned state. Pending merges and evictions are not part of it.</summary>
    public MinerSnapshot ToSnapshot()
    {
        var patterns = _patterns.Values
            .OrderBy(p => p.Order)
            .Select(p => p.ToState())
            .ToList();
        var pendingProtected = _protectedIds.Where(id => !_patterns.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        return new MinerSnapshot(1, _options.IdNamespace, patterns, new Dictionary<string, string>(_aliases, StringComparer.Ordinal))
        {
            ProtectedIds = pendingProtected,
            ValueWords = _matcher.ValueWords.Order(StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>Rebuilds a miner from <paramref name="snapshot"/>.</summary>
    /// <exception cref="ArgumentException">The snapshot has an unknown version, a namespace other than the one
    /// in <paramref name="options"/>, a duplicate id or an alias to an unknown id.</exception>
    public static TemplateMiner FromSnapshot(MinerSnapshot snapshot, MinerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return MinerSnapshotLoader.Load(snapshot, options);
    }

    internal void Restore(PatternState state)
    {
        string[] tokens;
        bool[] open;
        if (state.Tokens is not null)
        {
            tokens = state.Tokens.Select(t => t ?? LineTokenizer.Wildcard).ToArray();
            open = state.Tokens.Select(t => t is null).ToArray();
        }
        else
        {
            tokens = state.Template.Length == 0 ? [] : state.Template.Split(' ');
            open = tokens.Select(t => t == LineTokenizer.Wildcard).ToArray();
        }

        var pattern = new Pattern(state.Id, tokens, open, _nextOrder++)
        {
            Count = state.Count,
            IsProtected = state.IsProtected,
            LastSeen = state.LastSeen,
        };
        if (state.IsProtected)
        {
            _protectedIds.Add(state.Id);
        }

        _sequence = Math.Max(_sequence, state.LastSeen);
        Register(pattern);
        foreach (var shape in state.Variants ?? [])
        {
            AddVariant(pattern, shape.Select(t => t ?? LineTokenizer.Wildcard).ToArray(), shape.Select(t => t is null).ToArray());
        }
    }

    internal void RestoreAlias(string fromId, string intoId) => _aliases[fromId] = intoId;

    internal void RestoreProtectedId(string id) => _protectedIds.Add(id);

    internal void RestoreValueWord(string word) => _matcher.AddValueWord(word);

    internal bool Contains(string id) => _patterns.ContainsKey(id);

    private void AddVariant(Pattern head, string[] tokens, bool[] open)
    {
        var variant = new Pattern(head.Id, tokens, open, head.Order) { Head = head };
        head.Variants.Add(variant);
        _trie.Add(variant);
    }

    private MineResult Hit(Pattern pattern, bool isNew)
    {
        pattern = pattern.Head ?? pattern;

        // Merges while learning this line may have folded the pattern into another one.
        if (!pattern.IsLive && Resolve(pattern.Id) is { } survivorId)
        {
            pattern = _patterns[survivorId];
        }

        pattern.Count++;
        pattern.LastSeen = _sequence;
        return new MineResult(pattern.Id, pattern.Template, isNew);
    }

    private Pattern Create(string[] tokens)
    {
        if (_patterns.Count >= _options.MaxPatterns)
        {
            EvictOne();
        }

        var template = string.Join(' ', tokens);
        var attempt = 0;
        var id = PatternId.Create(_options.IdNamespace, template, attempt);
        while (_patterns.ContainsKey(id) || _aliases.ContainsKey(id))
        {
            id = PatternId.Create(_options.IdNamespace, template, ++attempt);
        }

        var pattern = new Pattern(id, tokens, new bool[tokens.Length], _nextOrder++) { IsProtected = _protectedIds.Contains(id) };
        Register(pattern);
        return pattern;
    }

    private void Register(Pattern pattern)
    {
        _patterns.Add(pattern.Id, pattern);
        if (!_byLength.TryGetValue(pattern.Tokens.Length, out var bucket))
        {
            bucket = [];
            _byLength.Add(pattern.Tokens.Length, bucket);
        }

        bucket.Add(pattern);
        _trie.Add(pattern);
    }

    private void Unregister(Pattern pattern)
    {
        pattern.IsLive = false;
        _patterns.Remove(pattern.Id);
        _byLength[pattern.Tokens.Length].Remove(pattern);
        _trie.Remove(pattern);
    }

    private void Generalise(Pattern pattern, string[] tokens, bool[] open)
    {
        if (open.AsSpan().SequenceEqual(pattern.Open))
        {
            return;
        }

        _trie.Remove(pattern);
        pattern.Update(tokens, open);
        _trie.Add(pattern);
        MergeSubsumed(pattern);
    }

    // A generalised template may now cover other patterns of the same length; those merge into it so that
    // one kind of line has one id.
    private void MergeSubsumed(Pattern survivor)
    {
        var bucket = _byLength[survivor.Length];
        for (var i = bucket.Count - 1; i >= 0; i--)
        {
            var other = bucket[i];
            if (ReferenceEquals(other, survivor) || !PatternMatcher.Covers(survivor, other))
            {
                continue;
            }

            Absorb(survivor, other);
        }
    }

    // A generalised pattern may now accept another pattern of its length as if it were a line; join those,
    // so that the order in which variants arrived does not decide whether they end up as one pattern.
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
            _trie.Remove(variant);
        }

        _evictions.Add(victim.Id);
        foreach (var alias in _aliases.Where(a => a.Value == victim.Id).Select(a => a.Key).ToList())
        {
            _aliases.Remove(alias);
            _evictions.Add(alias);
        }
    }
}
