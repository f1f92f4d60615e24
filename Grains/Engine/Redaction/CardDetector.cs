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

    // Doubled digit with its two digits added: 2 * 7 = 14 gives 1 + 4 = 5.
    private static ReadOnlySpan<byte> LuhnDoubled => [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];

    public static string Apply(string text, RedactionTally? tally) => Apply(text, tally, 0, text.Length - 1);

    /// <summary>
    /// Replaces the cards of <paramref name="text"/>, reading only the digit runs around
    /// <paramref name="firstStart"/> to <paramref name="lastStart"/>. The caller guarantees that no card starts
    /// outside that range; the result then equals that of <see cref="Apply(string, RedactionTally?)"/>.
    /// </summary>
    public static string Apply(string text, RedactionTally? tally, int firstStart, int lastStart)
    {
        var rewriter = new TextRewriter(text, tally);
        var from = OutsideRun(text, firstStart);
        while (from <= lastStart)
        {
            var hit = text.AsSpan(from).IndexOfAnyInRange('0', '9');
            if (hit < 0 || from + hit > lastStart)
            {
                break;
            }

            var start = from + hit;
            var end = ScanRun(text, start, out var digits);
            if (digits >= MinDigits)
            {
                RedactCards(text, start, end, digits, ref rewriter);
            }

            from = end;
        }

        return rewriter.Finish();
    }

    // Walks back from `index` to a run boundary, so that scanning forward from there splits the text into the
    // same digit runs as scanning from the start.
    private static int OutsideRun(string text, int index)
    {
        var i = index;
        while (i > 0)
        {
            if (char.IsAsciiDigit(text[i - 1]))
            {
                i--;
            }
            else if (i >= 2 && text[i - 1] is ' ' or '-' && char.IsAsciiDigit(text[i - 2]))
            {
                i -= 2;
            }
            else
            {
                break;
            }
        }

        return i;
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
    private static void RedactCards(string text, int runStart, int runEnd, int digits, ref TextRewriter rewriter)
    {
        const int MaxCardChars = (2 * MaxDigits) - 1;
        if (digits == runEnd - runStart)
        {
            // Without separators the run is one group, so the whole run is its only candidate.
            if (digits <= MaxDigits && IsCard(text, runStart, runEnd))
            {
                rewriter.Replace(runStart, runEnd, RedactionPlaceholders.Card);
            }

            return;
        }

        var start = runStart;
        while (start < runEnd)
        {
            // IsCard rejects every candidate of this start when its first digit is not 2 to 6.
            var cardEnd = text[start] is >= '2' and <= '6'
                ? FindCardEnd(text, start, Math.Min(runEnd, start + MaxCardChars), runEnd)
                : -1;
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

        var candidate = text.AsSpan(start, end - start);
        var count = 0;
        var sum = 0;
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            var digit = candidate[i] - '0';
            if ((uint)digit > 9)
            {
                continue;
            }

            // Every second digit from the right is doubled, with the digits of the product summed. A table
            // lookup instead of "if (d > 9)" avoids a branch that random digits mispredict half the time.
            sum += (count & 1) == 0 ? digit : LuhnDoubled[digit];
            count++;
            if (count > MaxDigits)
            {
                return false;
            }
        }

        return count >= MinDigits && sum % 10 == 0;
    }
}
