namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>Matching lines against patterns of another token count.</summary>
internal sealed partial class PatternMatcher
{
    /// <summary>
    /// Finds a pattern with up to <see cref="MinerOptions.MaxLengthDifference"/> tokens more or fewer where one
    /// value spans a different number of tokens (tag="View Lock" against tag="AudioMix"), and returns the
    /// shape of the line as a variant of that pattern. The spanning region must touch a value or an open
    /// position, so that "Link in reset" does not join "Link error".
    /// </summary>
    public Choice? FindAligned(string[] line, Dictionary<int, List<Pattern>> byLength)
    {
        Pattern? best = null;
        Comparison bestComparison = default;
        (string[] Tokens, bool[] Open) bestShape = default;
        for (var difference = 1; difference <= options.MaxLengthDifference; difference++)
        {
            foreach (var length in (ReadOnlySpan<int>)[line.Length - difference, line.Length + difference])
            {
                if (length < 1 || !byLength.TryGetValue(length, out var bucket))
                {
                    continue;
                }

                foreach (var pattern in bucket)
                {
                    if (pattern.Variants.Count >= MaxVariants)
                    {
                        continue;
                    }

                    for (var index = 0; index < Math.Min(length, line.Length); index++)
                    {
                        if (!TryAlign(pattern, line, index, out var aligned, out var skip))
                        {
                            continue;
                        }

                        var comparison = Compare(pattern, aligned, skip);
                        if (comparison.Hard > 0 || comparison.Mixed > 0 || !Accepts(comparison, length) || (best is not null && !comparison.IsBetterThan(bestComparison)))
                        {
                            continue;
                        }

                        best = pattern;
                        bestComparison = comparison;
                        bestShape = VariantShape(pattern, line, index);
                    }
                }
            }
        }

        return best is null ? null : new Choice(best, bestShape.Tokens!, bestShape.Open!, []);
    }

    // Maximum length variants per pattern; more suggests unrelated lines rather than one varying value.
    private const int MaxVariants = 8;

    // Maps the line onto the pattern's positions with the region at index absorbing the length difference.
    // The pattern side of the region must be open or hold a value, and the line side must hold a value too
    // unless the pattern side is open; extra tokens must not be key=value pairs of their own.
    private static bool TryAlign(Pattern pattern, string[] line, int index, out string[] aligned, out bool[] skip)
    {
        var length = pattern.Length;
        var difference = line.Length - length;
        aligned = new string[length];
        skip = new bool[length];
        var patternSpan = Math.Max(0, -difference);
        var lineSpan = Math.Max(0, difference);
        if (index + patternSpan >= length || index + lineSpan >= line.Length)
        {
            return false;
        }

        var patternOpen = false;
        var patternValue = false;
        for (var j = index; j <= index + patternSpan; j++)
        {
            patternOpen |= pattern.Open[j];
            patternValue |= pattern.Open[j] || HasValue(pattern.Tokens[j]);
        }

        var lineValue = false;
        for (var j = index; j <= index + lineSpan; j++)
        {
            lineValue |= HasValue(line[j]);
            if (j > index && (KeyLength(line[j]) > 0 || EndsAsKey(line[j])))
            {
                return false;
            }
        }

        var patternAllOpen = true;
        for (var j = index; j <= index + patternSpan; j++)
        {
            patternAllOpen &= pattern.Open[j];
        }

        var lineAllValues = true;
        for (var j = index; j <= index + lineSpan; j++)
        {
            lineAllValues &= HasValue(line[j]);
        }

        if (!patternValue || !(lineValue || patternOpen) || !(patternAllOpen || lineAllValues)
            || (!pattern.Open[index] && !SameKey(pattern.Tokens[index], line[index])))
        {
            return false;
        }

        for (var j = 0; j < length; j++)
        {
            var inRegion = j >= index && j <= index + patternSpan;
            if (inRegion)
            {
                aligned[j] = LineTokenizer.Wildcard;
            }
            else
            {
                aligned[j] = j < index ? line[j] : line[j + difference];
            }

            skip[j] = inRegion;
        }

        return true;
    }

    private static (string[] Tokens, bool[] Open) VariantShape(Pattern pattern, string[] line, int index)
    {
        var difference = line.Length - pattern.Length;
        var tokens = new string[line.Length];
        var open = new bool[line.Length];
        for (var j = 0; j < line.Length; j++)
        {
            var inRegion = difference > 0 ? j >= index && j <= index + difference : j == index;
            var source = j < index ? j : j - difference;
            open[j] = inRegion || pattern.Open[source] || pattern.Tokens[source] != line[j];
            tokens[j] = open[j] ? LineTokenizer.Wildcard : line[j];
        }

        return (tokens, open);
    }
}
