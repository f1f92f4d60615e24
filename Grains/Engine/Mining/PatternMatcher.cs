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
internal sealed class PatternMatcher(MinerOptions options)
{
    public readonly record struct Choice(Pattern Pattern, string[] Tokens, bool[] Open);

    private readonly record struct Comparison(int Anchors, int Soft, int Hard, int HardIndex, bool Rejected)
    {
        public bool IsBetterThan(Comparison other) =>
            Hard != other.Hard ? Hard < other.Hard
            : Soft != other.Soft ? Soft < other.Soft
            : Anchors > other.Anchors;
    }

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

        if (bestComparison.Hard == 1 && CountWordVariants(line, bucket, bestComparison.HardIndex) + 1 < options.MinDistinctWords)
        {
            return null;
        }

        return Generalise(best, line);
    }

    /// <summary>True when every line that <paramref name="specific"/> matches is also matched by
    /// <paramref name="general"/>.</summary>
    public static bool Covers(Pattern general, Pattern specific)
    {
        if (general.Length != specific.Length)
        {
            return false;
        }

        for (var i = 0; i < general.Length; i++)
        {
            if (!general.Open[i] && (specific.Open[i] || general.Tokens[i] != specific.Tokens[i]))
            {
                return false;
            }
        }

        return true;
    }

    // Counts the distinct words that patterns equal to the line except at index show there.
    private static int CountWordVariants(string[] line, List<Pattern> bucket, int index)
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

        return words.Count;
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

    private static Comparison Compare(Pattern pattern, string[] line)
    {
        int anchors = 0, soft = 0, hard = 0, hardIndex = -1;
        var rejected = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (pattern.Open[i])
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

            if (HasValue(token) || HasValue(other))
            {
                rejected |= !SameKey(token, other);
                soft++;
                continue;
            }

            hard++;
            hardIndex = i;
            rejected |= !IsNameSlot(pattern, line, i);
        }

        return new Comparison(anchors, soft, hard, hardIndex, rejected);
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

    private static Choice Generalise(Pattern pattern, string[] line)
    {
        var tokens = new string[line.Length];
        var open = new bool[line.Length];
        for (var i = 0; i < line.Length; i++)
        {
            open[i] = pattern.Open[i] || pattern.Tokens[i] != line[i];
            tokens[i] = open[i] ? LineTokenizer.Wildcard : pattern.Tokens[i];
        }

        return new Choice(pattern, tokens, open);
    }
}
