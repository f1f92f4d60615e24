namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>
/// Streaming log template miner. Each line gets its pattern id when it is added, and later lines may
/// generalise a template. When two patterns become one, the merge is recorded as an alias, so an id that
/// was returned once still resolves. The miner is deterministic for a given sequence of calls and is not
/// thread-safe: one caller at a time.
/// </summary>
public sealed partial class TemplateMiner
{
    private readonly MinerOptions _options;
    private readonly PatternMatcher _matcher;
    private readonly LineTokenizer _line = new();
    private readonly TemplateTrie _trie = new();
    private readonly Dictionary<string, Pattern> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<Pattern>> _byLength = [];
    private readonly Dictionary<int, List<Pattern>> _variantsByLength = [];
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
            MergeOverlapping(AddVariant(aligned.Pattern, aligned.Tokens, aligned.Open));
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

    /// <summary>Returns the merges since the last call and clears the list.</summary>
    public IReadOnlyList<PatternMerge> TakeMerges()
    {
        var taken = _merges.ToArray();
        _merges.Clear();
        return taken;
    }

    /// <summary>Returns the ids evicted since the last call, aliases of evicted patterns included, and
    /// clears the list.</summary>
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

    private Pattern AddVariant(Pattern head, string[] tokens, bool[] open)
    {
        var variant = new Pattern(head.Id, tokens, open, head.Order) { Head = head };
        head.Variants.Add(variant);
        _trie.Add(variant);
        if (!_variantsByLength.TryGetValue(variant.Length, out var list))
        {
            list = [];
            _variantsByLength.Add(variant.Length, list);
        }

        list.Add(variant);
        return variant;
    }

    private void RemoveVariant(Pattern variant)
    {
        _trie.Remove(variant);
        _variantsByLength[variant.Length].Remove(variant);
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

        UpdateShape(pattern, tokens, open);
        MergeOverlapping(pattern);
    }

    private void UpdateShape(Pattern pattern, string[] tokens, bool[] open)
    {
        _trie.Remove(pattern);
        pattern.Update(tokens, open);
        _trie.Add(pattern);
    }

}
