using System.Buffers;

namespace OrleansAgent.Grains.Engine.Redaction;

/// <summary>Replaces AWS access key ids: "AKIA" (long-term) or "ASIA" (temporary) and 16 upper-case letters or digits.</summary>
internal static class AwsAccessKeyIdDetector
{
    private const int KeyIdLength = 20;

    private static readonly SearchValues<string> Prefixes = SearchValues.Create(["AKIA", "ASIA"], StringComparison.Ordinal);

    public static string Apply(string text, RedactionTally? tally)
    {
        var rewriter = new TextRewriter(text, tally);
        var from = 0;
        while (from < text.Length)
        {
            var hit = text.AsSpan(from).IndexOfAny(Prefixes);
            if (hit < 0)
            {
                break;
            }

            var start = from + hit;
            var end = start + KeyIdLength;
            if (IsKeyId(text, start, end))
            {
                rewriter.Replace(start, end, RedactionPlaceholders.AwsAccessKeyId);
                from = end;
            }
            else
            {
                from = start + 1;
            }
        }

        return rewriter.Finish();
    }

    private static bool IsKeyId(string text, int start, int end)
    {
        if (end > text.Length || (start > 0 && Chars.IsAlnum(text[start - 1])) || (end < text.Length && Chars.IsAlnum(text[end])))
        {
            return false;
        }

        foreach (var c in text.AsSpan(start, end - start))
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
