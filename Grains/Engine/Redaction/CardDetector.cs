namespace OrleansAgent.Grains.Engine.Redaction;

/// <summary>
/// Replaces payment card numbers: 13 to 19 digits, optionally grouped by single spaces or dashes, starting
/// with 2 to 6 (the major networks' ranges), and passing the Luhn check.
/// </summary>
/// <remarks>
/// The leading-digit rule keeps 13-digit epoch milliseconds (which start with 1 until 2033) from being
/// redacted one time in ten when they happen to pass Luhn. Other 13 to 19 digit ids starting with 2 to 6
/// still are, one time in ten: a deliberate over-redaction.
/// </remarks>
internal static class CardDetector
{
    private const int MinDigits = 13;
    private const int MaxDigits = 19;

    /// <summary>True when the text has a run of at least 13 digits with single separators, the minimum for a card.</summary>
    public static bool MayContainCard(string text)
    {
        if (text.Length < MinDigits)
        {
            return false;
        }

        var from = 0;
        while (from < text.Length)
        {
            var hit = text.AsSpan(from).IndexOfAnyInRange('0', '9');
            if (hit < 0)
            {
                return false;
            }

            var run = ScanRun(text, from + hit, out var digits);
            if (digits >= MinDigits)
            {
                return true;
            }

            from = run;
        }

        return false;
    }

    public static string Apply(string text, RedactionTally? tally)
    {
        var rewriter = new TextRewriter(text, tally);
        var from = 0;
        Span<int> groupEnds = stackalloc int[MaxDigits + 1];
        while (from < text.Length)
        {
            var hit = text.AsSpan(from).IndexOfAnyInRange('0', '9');
            if (hit < 0)
            {
                break;
            }

            var start = from + hit;
            var end = ScanRun(text, start, out var digits);
            from = end;
            if (digits < MinDigits || (start > 0 && IsWordChar(text[start - 1])) || (end < text.Length && IsWordChar(text[end])))
            {
                continue;
            }

            var cardEnd = FindCardEnd(text, start, end, digits);
            if (cardEnd > 0)
            {
                rewriter.Replace(start, cardEnd, RedactionPlaceholders.Card);
            }
        }

        return rewriter.Finish();
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    // Scans digits with single ' ' or '-' separators from `start`; returns the index after the last digit.
    private static int ScanRun(string text, int start, out int digits)
    {
        digits = 0;
        var i = start;
        var end = start;
        while (i < text.Length)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                digits++;
                i++;
                end = i;
            }
            else if (text[i] is ' ' or '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]) && i > start)
            {
                i++;
            }
            else
            {
                break;
            }
        }

        return end;
    }

    // Tries the whole run, then shorter prefixes that end at a group separator, longest first, so that
    // "4111 1111 1111 1111 7" still finds the card. Returns the end of the card or -1.
    private static int FindCardEnd(string text, int start, int end, int digits)
    {
        if (digits <= MaxDigits && IsCard(text, start, end))
        {
            return end;
        }

        // A card spans at most 19 digits and 18 separators, so only the first 37 characters can hold one.
        var limit = Math.Min(end - 1, start + (2 * MaxDigits) - 1);
        for (var i = limit; i > start; i--)
        {
            if (text[i] is ' ' or '-' && IsCard(text, start, i))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsCard(string text, int start, int end)
    {
        if (text[start] is < '2' or > '6')
        {
            return false;
        }

        var count = 0;
        var sum = 0;
        for (var i = end - 1; i >= start; i--)
        {
            var c = text[i];
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            var d = c - '0';
            if (count % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            count++;
        }

        return count is >= MinDigits and <= MaxDigits && sum % 10 == 0;
    }
}
