namespace OrleansAgent.Grains.Engine.Redaction;

/// <summary>Replaces email addresses: a local part, '@', and a domain with at least one dot and a letter-only top-level label.</summary>
internal static class EmailDetector
{
    private const int MaxLocalLength = 64;
    private const int MaxDomainLength = 253;

    public static string Apply(string text, RedactionTally? tally)
    {
        var rewriter = new TextRewriter(text, tally);
        var from = 0;
        var replacedUpTo = 0;
        while (from < text.Length)
        {
            var at = text.IndexOf('@', from);
            if (at < 0)
            {
                break;
            }

            from = at + 1;
            var start = LocalPartStart(text, at, replacedUpTo);
            if (start < 0)
            {
                continue;
            }

            var end = DomainEnd(text, at + 1);
            if (end < 0)
            {
                continue;
            }

            rewriter.Replace(start, end, RedactionPlaceholders.Email);
            from = end;
            replacedUpTo = end;
        }

        return rewriter.Finish();
    }

    private static bool IsLocalChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-' or '\'';

    // The local part may not reach back into the previous replacement: in "a@b.comc@d.com" the first domain
    // ends at the second '@'.
    private static int LocalPartStart(string text, int at, int replacedUpTo)
    {
        var limit = Math.Max(replacedUpTo, at - MaxLocalLength);
        var i = at;
        while (i > limit && IsLocalChar(text[i - 1]))
        {
            i--;
        }

        while (i < at && text[i] is '.' or '\'')
        {
            i++;
        }

        return i < at ? i : -1;
    }

    // Returns the end of a valid domain starting at `start`, or -1.
    private static int DomainEnd(string text, int start)
    {
        var limit = Math.Min(text.Length, start + MaxDomainLength);
        var i = start;
        var lastDot = -1;
        while (i < limit && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '-' or '.'))
        {
            if (text[i] == '.')
            {
                if (i == start || text[i - 1] == '.')
                {
                    break;
                }

                lastDot = i;
            }

            i++;
        }

        // A trailing dot ends the sentence, not the domain.
        if (i > start && text[i - 1] == '.')
        {
            i--;
            lastDot = text.LastIndexOf('.', i - 1, i - start);
        }

        if (lastDot <= start || i - lastDot - 1 < 2)
        {
            return -1;
        }

        foreach (var c in text.AsSpan(lastDot + 1, i - lastDot - 1))
        {
            if (!char.IsAsciiLetter(c))
            {
                return -1;
            }
        }

        return i;
    }
}
