namespace OrleansAgent.Grains.Engine.Redaction;

/// <summary>Replaces JSON Web Tokens: base64url segments separated by dots, the first starting with "eyJ" (<c>{"</c>).</summary>
internal static class JwtDetector
{
    private const string Prefix = "eyJ";
    private const int MinSegmentLength = 10;

    // Three segments for JWS, five for JWE.
    private const int MaxSegments = 5;

    public static string Apply(string text, RedactionTally? tally)
    {
        var rewriter = new TextRewriter(text, tally);
        var from = 0;
        while (from < text.Length)
        {
            var start = text.IndexOf(Prefix, from, StringComparison.Ordinal);
            if (start < 0)
            {
                break;
            }

            if (start > 0 && Chars.IsBase64Url(text[start - 1]))
            {
                from = start + Prefix.Length;
                continue;
            }

            var end = MatchToken(text, start);
            if (end < 0)
            {
                from = start + Prefix.Length;
                continue;
            }

            rewriter.Replace(start, end, RedactionPlaceholders.Jwt);
            from = end;
        }

        return rewriter.Finish();
    }

    // Returns the end of the token at `start`, or -1 when the header and payload are not both present.
    private static int MatchToken(string text, int start)
    {
        var i = start;
        var segments = 0;
        var end = -1;
        while (segments < MaxSegments)
        {
            var segmentStart = i;
            while (i < text.Length && Chars.IsBase64Url(text[i]))
            {
                i++;
            }

            var length = i - segmentStart;
            segments++;
            if (segments <= 2 && length < MinSegmentLength)
            {
                return -1;
            }

            if (segments >= 3)
            {
                end = i;
            }

            if (i >= text.Length || text[i] != '.')
            {
                break;
            }

            i++;
        }

        return end;
    }
}
