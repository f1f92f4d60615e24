namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>Recognises tokens that are values as a whole: numbers, hex, addresses, UUIDs, dates, times,
/// paths, dotted names, host names and (on request) booleans.</summary>
internal static class TokenShapes
{
    private static readonly HashSet<string> TopLevelDomains = new(StringComparer.OrdinalIgnoreCase)
    {
        "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "io", "local", "internal",
    };

    public static bool IsValue(ReadOnlySpan<char> core) =>
        IsNumberLike(core) || IsPath(core) || IsDottedName(core);

    /// <summary>
    /// True for text made of hex parts joined by <c>. : - / _ +</c> with at least one digit, such as 42,
    /// -1.5, 0x1f, 10.0.0.1:8080, fe80::1, a UUID, 2005-06-03-15.42.50.675872 or 00:0D:60:E9. A single part
    /// that mixes letters and digits must be six or more chars (9f4ef63), so words like alt0 keep their letters.
    /// </summary>
    public static bool IsNumberLike(ReadOnlySpan<char> core)
    {
        // ISO 8601 puts a T between date and time and may end in Z: 2024-05-01T10:00:00.123Z.
        if (core.Length is >= 16 and <= 40 && core[4] == '-' && core[7] == '-' && core[10] == 'T')
        {
            Span<char> plain = stackalloc char[core.Length];
            core.CopyTo(plain);
            plain[10] = '-';
            return IsNumberLike(plain[^1] == 'Z' ? plain[..^1] : plain);
        }

        if (IsTimeWithCommaFraction(core))
        {
            return true;
        }

        if (core.Length >= 3 && core[0] == '0' && (core[1] == 'x' || core[1] == 'X'))
        {
            return IsHexRun(core[2..], out _);
        }

        if (core[0] is '-' or '+')
        {
            core = core[1..];
        }

        // One pass over the parts between separators. Every part must be hex digits.
        var parts = 0;
        var digitParts = 0;
        var letterParts = 0;
        var shortMixedParts = 0;
        var partLength = 0;
        var partHasDigit = false;
        var partHasLetter = false;
        for (var i = 0; i <= core.Length; i++)
        {
            if (i < core.Length && !IsSeparator(core[i]))
            {
                var c = core[i];
                if (char.IsAsciiDigit(c))
                {
                    partHasDigit = true;
                }
                else if (char.IsAsciiHexDigit(c))
                {
                    partHasLetter = true;
                }
                else
                {
                    return false;
                }

                partLength++;
                continue;
            }

            if (partLength == 0)
            {
                continue;
            }

            parts++;
            if (!partHasDigit)
            {
                letterParts++;
            }
            else
            {
                digitParts++;
                shortMixedParts += partLength < 6 && partHasLetter ? 1 : 0;
            }

            partLength = 0;
            partHasDigit = false;
            partHasLetter = false;
        }

        if (digitParts == 0)
        {
            return false;
        }

        // Hex words between digit groups (MAC addresses, UUIDs, IPv6) need several digit groups around them.
        if (letterParts > 0 || shortMixedParts > 0)
        {
            return parts >= 3 && digitParts >= 2;
        }

        return true;
    }

    /// <summary>True for /var/log/x, ./run, ~/x and other text with a leading path root and another part.</summary>
    public static bool IsPath(ReadOnlySpan<char> core)
    {
        if (core.Length < 2)
        {
            return false;
        }

        if (core[0] == '/' || core.StartsWith("./") || core.StartsWith("../") || core.StartsWith("~/"))
        {
            return core.Length > 2 && core.TrimStart("./~").Length > 0;
        }

        return core.Count('/') >= 2 || (core.IndexOf('/') > 0 && core.IndexOf('.') >= 0);
    }

    /// <summary>True for names of three or more dotted identifier parts (com.example.app.Main, a.b.example.org)
    /// and host names that end in a common top-level domain (example.com).</summary>
    public static bool IsDottedName(ReadOnlySpan<char> core)
    {
        var dots = 0;
        var partStart = 0;
        for (var i = 0; i <= core.Length; i++)
        {
            if (i < core.Length && core[i] != '.')
            {
                if (!(char.IsLetterOrDigit(core[i]) || core[i] is '_' or '-' or '$'))
                {
                    return false;
                }

                continue;
            }

            if (i == partStart)
            {
                return false;
            }

            partStart = i + 1;
            if (i < core.Length)
            {
                dots++;
            }
        }

        if (dots >= 2)
        {
            return true;
        }

        return dots == 1 && TopLevelDomains.GetAlternateLookup<ReadOnlySpan<char>>().Contains(core[(core.LastIndexOf('.') + 1)..]);
    }

    // A time whose fraction follows a comma, as log4j and Python's logging write it: 10:00:00,123.
    private static bool IsTimeWithCommaFraction(ReadOnlySpan<char> core)
    {
        var comma = core.IndexOf(',');
        if (comma is not (7 or 8) || comma == core.Length - 1 || core[(comma + 1)..].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var time = core[..comma];
        var hourDigits = comma - 6;
        return time[..hourDigits].ContainsAnyExceptInRange('0', '9') is false
            && time[hourDigits] == ':' && char.IsAsciiDigit(time[hourDigits + 1]) && char.IsAsciiDigit(time[hourDigits + 2])
            && time[hourDigits + 3] == ':' && char.IsAsciiDigit(time[hourDigits + 4]) && char.IsAsciiDigit(time[hourDigits + 5]);
    }

    public static bool IsBoolean(ReadOnlySpan<char> core) =>
        core.Equals("true", StringComparison.OrdinalIgnoreCase) || core.Equals("false", StringComparison.OrdinalIgnoreCase);

    private static bool IsHexRun(ReadOnlySpan<char> part, out bool hasDigit)
    {
        hasDigit = false;
        foreach (var c in part)
        {
            if (char.IsAsciiDigit(c))
            {
                hasDigit = true;
            }
            else if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return part.Length > 0;
    }

    private static bool IsSeparator(char c) => TokenChars.Is(c, TokenChars.Separator);
}
