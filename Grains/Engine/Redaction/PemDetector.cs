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

    private static bool IsPrivateKeyLabel(string text, int labelStart)
    {
        var limit = Math.Min(text.Length, labelStart + MaxLabelLength);
        var label = text.AsSpan(labelStart, limit - labelStart);
        var stop = label.IndexOfAny('\n', '\r');
        if (stop >= 0)
        {
            label = label[..stop];
        }

        var dashes = label.IndexOf(Dashes, StringComparison.Ordinal);
        if (dashes >= 0)
        {
            label = label[..dashes];
        }

        return label.Contains("PRIVATE KEY", StringComparison.Ordinal);
    }

    private static int FindBlockEnd(string text, int labelStart)
    {
        var endMarker = text.IndexOf(EndMarker, labelStart, StringComparison.Ordinal);
        if (endMarker < 0)
        {
            return text.Length;
        }

        var closing = text.IndexOf(Dashes, endMarker + EndMarker.Length, StringComparison.Ordinal);
        if (closing < 0 || closing - endMarker > EndMarker.Length + MaxLabelLength)
        {
            return text.Length;
        }

        return closing + Dashes.Length;
    }
}
