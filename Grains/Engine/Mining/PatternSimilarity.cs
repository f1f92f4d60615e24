namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>Chooses the existing pattern a new line joins and computes the generalised template.</summary>
internal static class PatternSimilarity
{
    public readonly record struct Choice(Pattern Pattern, string[] NewTokens);

    public static Choice? FindBest(string[] line, Dictionary<int, List<Pattern>> byLength, MinerOptions options)
    {
        if (!byLength.TryGetValue(line.Length, out var bucket) || bucket.Count == 0)
        {
            return null;
        }

        Pattern? best = null;
        var bestScore = -1.0;
        var bestWild = -1;
        foreach (var pattern in bucket)
        {
            var (score, wild) = Score(pattern.Tokens, line);
            if (score > bestScore || (score == bestScore && wild > bestWild))
            {
                best = pattern;
                bestScore = score;
                bestWild = wild;
            }
        }

        if (best is null || bestScore < options.SimilarityThreshold)
        {
            return null;
        }

        return new Choice(best, Generalise(best.Tokens, line));
    }

    /// <summary>True when every position of <paramref name="general"/> is a variable or equals the token of
    /// <paramref name="specific"/>.</summary>
    public static bool Covers(string[] general, string[] specific)
    {
        if (general.Length != specific.Length)
        {
            return false;
        }

        for (var i = 0; i < general.Length; i++)
        {
            if (!IsWild(general[i]) && general[i] != specific[i])
            {
                return false;
            }
        }

        return true;
    }

    private static (double Score, int Wild) Score(string[] template, string[] line)
    {
        if (line.Length == 0)
        {
            return (1.0, 0);
        }

        var equal = 0;
        var wild = 0;
        for (var i = 0; i < line.Length; i++)
        {
            if (IsWild(template[i]))
            {
                wild++;
                if (IsWild(line[i]))
                {
                    equal++;
                }
            }
            else if (template[i] == line[i])
            {
                equal++;
            }
        }

        return ((double)equal / line.Length, wild);
    }

    private static string[] Generalise(string[] template, string[] line)
    {
        var result = new string[template.Length];
        for (var i = 0; i < template.Length; i++)
        {
            result[i] = template[i] == line[i] ? template[i] : LineTokenizer.Wildcard;
        }

        return result;
    }

    public static bool IsWild(string token) => ReferenceEquals(token, LineTokenizer.Wildcard) || token == LineTokenizer.Wildcard;
}
