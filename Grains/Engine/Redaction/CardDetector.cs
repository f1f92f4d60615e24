namespace OrleansAgent.Grains.Engine.Redaction;

/// <summary>
/// Replaces payment card numbers: 13 to 19 digits, optionally grouped by single spaces or dashes, starting
/// with 2 to 6 (the major networks' ranges), and passing the Luhn check.
/// </summary>
/// <remarks>
/// The leading-digit rule keeps 13-digit epoch milliseconds (which start with 1 until 2033) from being
/// redacted one time in ten when they happen to pass Luhn. Other 13 to 19 digit ids starting with 2 to 6
/// still are, one time in ten: a deliberate over-redaction. Letters may touch the number, but a run of
/// more than 19 digits without separators is treated as some other id and left whole.
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
        while (from < text.Length)
        {
            var hit = text.AsSpan(from).IndexOfAnyInRange('0', '9');
            if (hit < 0)
            {
                break;
            }

            var start = from + hit;
            var end = ScanRun(text, start, out var digits);
            if (digits >= MinDigits)
            {
                RedactCards(text, start, end, ref rewriter);
            }

            from = end;
        }

        return rewriter.Finish();
    }

    // Scans digits with single ' ' or '-' separators from `start` and returns the index after the last digit.
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

    // Looks for cards inside one digit run. A card starts and ends at group boundaries of the run, so
    // "4111 4111 1111 1111 1111" still yields the card in its last four groups. Each start tries its
    // longest candidate first, and candidates span at most 37 characters, so the work stays linear.
    private static void RedactCards(string text, int runStart, int runEnd, ref TextRewriter rewriter)
    {
        const int MaxCardChars = (2 * MaxDigits) - 1;
        var start = runStart;
        while (start < runEnd)
        {
            var cardEnd = FindCardEnd(text, start, Math.Min(runEnd, start + MaxCardChars), runEnd);
            if (cardEnd > 0)
            {
                rewriter.Replace(start, cardEnd, RedactionPlaceholders.Card);
                start = cardEnd;
            }

            start = NextGroupStart(text, start, runEnd);
        }
    }

    // Returns the end of the longest card that starts at `start` and ends at a group end before `limit`, or -1.
    private static int FindCardEnd(string text, int start, int limit, int runEnd)
    {
        for (var end = limit; end > start; end--)
        {
            var isGroupEnd = end == runEnd || text[end] is ' ' or '-';
            if (isGroupEnd && char.IsAsciiDigit(text[end - 1]) && IsCard(text, start, end))
            {
                return end;
            }
        }

        return -1;
    }

    private static int NextGroupStart(string text, int from, int runEnd)
    {
        var i = from;
        while (i < runEnd && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i < runEnd ? i + 1 : runEnd;
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
