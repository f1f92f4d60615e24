namespace OrleansAgent.Grains.Engine.Redaction;

/// <summary>Replaces PEM private key blocks, including blocks that span lines within one event.</summary>
internal static class PemDetector
{
    private const string BeginMarker = "-----BEGIN ";
    private const string EndMarker = "-----END ";
    private const string Dashes = "-----";
    private const int MaxLabelLength = 64;

    public static string Apply(string text, RedactionTally? tally)
    {
        var rewriter = new TextRewriter(text, tally);
        var from = 0;
        while (from < text.Length)
        {
            var begin = text.IndexOf(BeginMarker, from, StringComparison.Ordinal);
            if (begin < 0)
            {
                break;
            }

            var labelStart = begin + BeginMarker.Length;
            if (!IsPrivateKeyLabel(text, labelStart))
            {
                from = labelStart;
                continue;
            }

            // A block without an END marker was cut off; everything after BEGIN may be key material.
            var end = FindBlockEnd(text, labelStart);
            rewriter.Replace(begin, end, RedactionPlaceholders.PrivateKey);
            from = end;
        }

        return rewriter.Finish();
    }

    // The label runs to the next "-----" and holds only printable ASCII other than '-', as in "RSA PRIVATE KEY".
    private static bool IsPrivateKeyLabel(string text, int labelStart)
    {
        var limit = Math.Min(text.Length, labelStart + MaxLabelLength);
        var end = labelStart;
        while (end < limit && text[end] is >= ' ' and <= '~' and not '-')
        {
            end++;
        }

        return text.AsSpan(end).StartsWith(Dashes, StringComparison.Ordinal)
            && text.AsSpan(labelStart, end - labelStart).Contains("PRIVATE KEY", StringComparison.Ordinal);
    }

    // Returns the end of the first END line with an upper-case label ("-----END RSA PRIVATE KEY-----") after
    // the BEGIN line, or the end of the text when there is none. When the closing dashes of that line are
    // also the opening dashes of another BEGIN line, the block stops before them so the next block is found.
    private static int FindBlockEnd(string text, int labelStart)
    {
        var search = labelStart;
        while (true)
        {
            var endMarker = text.IndexOf(EndMarker, search, StringComparison.Ordinal);
            if (endMarker < 0)
            {
                return text.Length;
            }

            var label = endMarker + EndMarker.Length;
            var closing = label;
            var limit = Math.Min(text.Length, label + MaxLabelLength);
            while (closing < limit && (char.IsAsciiLetterUpper(text[closing]) || text[closing] == ' '))
            {
                closing++;
            }

            var hasLetter = text.AsSpan(label, closing - label).ContainsAnyInRange('A', 'Z');
            if (hasLetter && text.AsSpan(closing).StartsWith(Dashes, StringComparison.Ordinal))
            {
                var afterDashes = text.AsSpan(closing + Dashes.Length);
                return afterDashes.StartsWith(BeginMarker.AsSpan(Dashes.Length), StringComparison.Ordinal)
                    ? closing
                    : closing + Dashes.Length;
            }

            search = label;
        }
    }
}
