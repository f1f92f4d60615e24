namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>Chooses the existing pattern a new line joins and computes the generalised template.</summary>
/// <remarks>
/// Lines are compared with patterns of the same length, position by position. Two different tokens where at
/// least one contains a masked value are a soft difference (two values of one variable), unless both are
/// <c>key=value</c> pairs with different keys. Two different plain words are a hard difference, which
/// usually means a different message. A hard difference is accepted only in a name slot (the last token
/// after a plain word, or right after a <c>key:</c> or <c>key=</c> token) and only once the slot has shown
/// <see cref="MinerOptions.MinDistinctWords"/> different words, so that pairs such as start/end or
/// ok/error stay apart while user names merge.
/// </remarks>
internal sealed partial class PatternMatcher(MinerOptions options)
{
    // Bounds the memory of learned value words; past it no more words are learned.
    public const int MaxValueWords = 10_000;

    private readonly HashSet<string> _valueWords = new(StringComparer.Ordinal);

    public readonly record struct Choice(Pattern Pattern, string[] Tokens, bool[] Open, IReadOnlyList<string> LearnedWords);

    /// <summary>Plain words seen as values of a name slot; they count as values in every pattern, so that
    /// "session opened for user alice by" merges with the bob variant once alice and bob are known users.</summary>
    public IReadOnlyCollection<string> ValueWords => _valueWords;

    public void AddValueWord(string word)
    {
        if (_valueWords.Count < MaxValueWords)
        {
            _valueWords.Add(word);
        }
    }

    private readonly record struct Comparison(int Anchors, int Soft, int Hard, int HardIndex, int Mixed, bool Rejected)
    {
        public bool IsBetterThan(Comparison other) =>
            Hard != other.Hard ? Hard < other.Hard
            : Soft != other.Soft ? Soft < other.Soft
            : Anchors > other.Anchors;
    }

    // NOTE: a line that matches no template is compared with every pattern of its token count, so learning
    // a new shape costs O(patterns of that length × tokens). Lines that match a template never get here.
    public Choice? FindBest(string[] line, List<Pattern>? bucket)
    {
        if (bucket is null || bucket.Count == 0)
        {
            return null;
        }

        Pattern? best = null;
        Comparison bestComparison = default;
        foreach (var pattern in bucket)
        {
            var comparison = Compare(pattern, line);
            if (!Accepts(comparison, line.Length))
            {
                continue;
            }

            if (best is null || comparison.IsBetterThan(bestComparison))
            {
                best = pattern;
                bestComparison = comparison;
            }
        }

        if (best is null)
        {
            return null;
        }

        IReadOnlyList<string> learned = [];
        if (bestComparison.Hard == 1)
        {
            var words = WordVariants(line, bucket, bestComparison.HardIndex);
            words.Add(line[bestComparison.HardIndex]);
            if (words.Count < options.MinDistinctWords)
            {
                return null;
            }

            learned = words.Where(w => !_valueWords.Contains(w)).Order(StringComparer.Ordinal).ToList();
        }

        var (tokens, open) = Union(best.Tokens, best.Open, line, null);
        return new Choice(best, tokens, open, learned);
    }

    /// <summary>Returns the template covering both patterns when <paramref name="other"/>, read as a line,
    /// would join <paramref name="pattern"/> without a hard difference; otherwise null.</summary>
    public (string[] Tokens, bool[] Open)? TryJoin(Pattern pattern, Pattern other)
    {
        if (pattern.Length != other.Length)
        {
            return null;
        }

        var comparison = Compare(pattern, other.Tokens, other.Open);
        if (comparison.Hard > 0 || !Accepts(comparison, pattern.Length))
        {
            return null;
        }

        return Union(pattern.Tokens, pattern.Open, other.Tokens, other.Open);
    }

    /// <summary>Returns the template that covers both patterns when they differ only in open positions,
    /// masked values and known value words, and share at least one literal token; otherwise null.</summary>
    public (string[] Tokens, bool[] Open)? TryUnion(Pattern a, Pattern b)
    {
        if (a.Length != b.Length)
        {
            return null;
        }

        var anchors = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a.Open[i] || b.Open[i])
            {
                continue;
            }

            var x = a.Tokens[i];
            var y = b.Tokens[i];
            if (x == y)
            {
                anchors += x == LineTokenizer.Wildcard ? 0 : 1;
            }
            else if (!(_valueWords.Contains(x) && _valueWords.Contains(y)))
            {
                return null;
            }
        }

        return anchors == 0 ? null : Union(a.Tokens, a.Open, b.Tokens, b.Open);
    }

    /// <summary>True when some line could match both patterns: at every position one of them is open or
    /// both have the same token.</summary>
    public static bool Overlaps(Pattern a, Pattern b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (!a.Open[i] && !b.Open[i] && a.Tokens[i] != b.Tokens[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns the template that matches every line of both same-length patterns.</summary>
    public static (string[] Tokens, bool[] Open) Union(Pattern a, Pattern b) => Union(a.Tokens, a.Open, b.Tokens, b.Open);

    // Collects the distinct words that patterns equal to the line except at index show there.
    private static HashSet<string> WordVariants(string[] line, List<Pattern> bucket, int index)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pattern in bucket)
        {
            if (pattern.Open[index] || pattern.Tokens[index] == line[index])
            {
                continue;
            }

            var others = true;
            for (var i = 0; i < line.Length && others; i++)
            {
                others = i == index || pattern.Open[i] || pattern.Tokens[i] == line[i];
            }

            if (others)
            {
                words.Add(pattern.Tokens[index]);
            }
        }

        return words;
    }

    private bool Accepts(Comparison comparison, int length)
    {
        if (comparison.Rejected || comparison.Anchors == 0 || comparison.Hard > 1)
        {
            return false;
        }

        var differences = comparison.Soft + comparison.Hard;
        return differences <= comparison.Anchors && (length - differences) >= options.SimilarityThreshold * length;
    }

    private Comparison Compare(Pattern pattern, string[] line, bool[]? skip = null)
    {
        // mixed counts soft differences between a value and a plain token (pwd against <*>). One such
        // difference is a variable that sometimes contains a word; several mean a different message shape.
        int anchors = 0, soft = 0, hard = 0, hardIndex = -1, mixed = 0;
        var rejected = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (pattern.Open[i] || (skip is not null && skip[i]))
            {
                continue;
            }

            var token = pattern.Tokens[i];
            var other = line[i];
            if (token == other)
            {
                if (token != LineTokenizer.Wildcard)
                {
                    anchors++;
                }

                continue;
            }

            var tokenHasValue = HasValue(token);
            var otherHasValue = HasValue(other);
            if (tokenHasValue || otherHasValue)
            {
                rejected |= !SameKey(token, other) || IsSymbolsAgainstValue(tokenHasValue ? other : token, tokenHasValue ? token : other);
                soft++;
                mixed += tokenHasValue != otherHasValue ? 1 : 0;
                continue;
            }

            if (_valueWords.Contains(token) && _valueWords.Contains(other))
            {
                soft++;
                continue;
            }

            hard++;
            hardIndex = i;
            rejected |= !IsNameSlot(pattern, line, i);
        }

        return new Comparison(anchors, soft, hard, hardIndex, mixed, rejected || mixed > 1);
    }

    // A word may vary without starting a new message when it is the last token after a plain word (session
    // closed for user alice) or follows a key (EventType: X), provided the words themselves are not keys or
    // key=value pairs.
    private static bool IsNameSlot(Pattern pattern, string[] line, int index)
    {
        if (EndsAsKey(pattern.Tokens[index]) || EndsAsKey(line[index]) || index == 0 || pattern.Open[index - 1]
            || KeyLength(pattern.Tokens[index]) > 0 || KeyLength(line[index]) > 0)
        {
            return false;
        }

        var previous = pattern.Tokens[index - 1];
        return EndsAsKey(previous) || (index == line.Length - 1 && IsWord(previous));
    }

    // A token of symbols only, such as **** in place of a number, marks a missing reading and so a
    // different message. "()" against "(<*>)" is only an empty value and stays a soft difference.
    private static bool IsSymbolsAgainstValue(string plain, string value)
    {
        if (HasValue(plain) || plain.AsSpan().IndexOfAnyExcept(SymbolChars) >= 0)
        {
            return false;
        }

        return plain != value.Replace(LineTokenizer.Wildcard, "", StringComparison.Ordinal);
    }

    private static readonly System.Buffers.SearchValues<char> SymbolChars =
        System.Buffers.SearchValues.Create("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");

    private static bool SameKey(string a, string b)
    {
        var keyA = KeyLength(a);
        var keyB = KeyLength(b);
        return keyA == 0 || keyB == 0 || a.AsSpan(0, keyA).SequenceEqual(b.AsSpan(0, keyB));
    }

    // Length of a leading "name=" or "name:" whose name has a letter and no value, or 0.
    private static int KeyLength(string token)
    {
        var at = token.AsSpan().IndexOfAny('=', ':');
        if (at <= 0 || at == token.Length - 1)
        {
            return 0;
        }

        var name = token.AsSpan(0, at);
        return name.IndexOf(LineTokenizer.Wildcard) < 0 && name.ContainsAnyInRange('A', 'z') ? at + 1 : 0;
    }

    private static bool EndsAsKey(string token) => token.Length > 1 && token[^1] is ':' or '=';

    private static bool IsWord(string token) => token.Length > 0 && token.All(char.IsLetter);

    private static bool HasValue(string token) => token.Contains(LineTokenizer.Wildcard, StringComparison.Ordinal);

    private static (string[] Tokens, bool[] Open) Union(string[] tokens, bool[] open, string[] otherTokens, bool[]? otherOpen)
    {
        var resultTokens = new string[tokens.Length];
        var resultOpen = new bool[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            resultOpen[i] = open[i] || (otherOpen?[i] ?? false) || tokens[i] != otherTokens[i];
            resultTokens[i] = resultOpen[i] ? LineTokenizer.Wildcard : tokens[i];
        }

        return (resultTokens, resultOpen);
    }
}
