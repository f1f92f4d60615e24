using System.Buffers;
using System.Buffers.Text;
using OrleansAgent.Grains.Engine.Redaction;

namespace OrleansAgent.Tests.Engine.Redaction;

// The redactor as it was before the vectorized candidate scan: its gate (a case-insensitive search for every
// trigger word, then a digit-run check) and the card and authorization detectors, whose code changed for
// speed, copied unchanged. The email detector is the current one: its only change since fixes a crash on
// addresses written without a space between them. RedactorFastPathTests compares the current redactor with
// this one line by line, so keep it frozen.

/// <summary>The redactor's built-in detectors behind the gate they had before the candidate scan.</summary>
internal static class OriginalRedactor
{
    private static readonly string[] Triggers =
    [
        "-----BEGIN ", "bearer", "basic", "://", "eyJ", "AKIA", "ASIA", .. KeyValueDetector.Keywords,
    ];

    private static readonly SearchValues<string> TriggerSearch = SearchValues.Create(Triggers, StringComparison.OrdinalIgnoreCase);

    private static readonly Func<string, RedactionTally?, string>[] TriggeredDetectors =
    [
        PemDetector.Apply,
        OriginalAuthorizationDetector.Apply,
        UrlCredentialDetector.Apply,
        KeyValueDetector.Apply,
        JwtDetector.Apply,
        AwsAccessKeyIdDetector.Apply,
        EmailDetector.Apply,
    ];

    public static string Redact(string text, RedactionTally? tally)
    {
        var result = text;
        if (text.Contains('@') || text.AsSpan().ContainsAny(TriggerSearch))
        {
            foreach (var detector in TriggeredDetectors)
            {
                result = detector(result, tally);
            }
        }

        if (OriginalCardDetector.MayContainCard(result))
        {
            result = OriginalCardDetector.Apply(result, tally);
        }

        return result;
    }
}

internal static class OriginalCardDetector
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

internal static class OriginalAuthorizationDetector
{
    private const int MinBearerLength = 8;
    private const int LongBearerLength = 20;
    private const string HeaderName = "authorization";

    public static string Apply(string text, RedactionTally? tally)
    {
        var rewriter = new TextRewriter(text, tally);
        var finder = new SchemeFinder(text);
        var from = 0;
        while (from < text.Length)
        {
            var (scheme, isBasic) = finder.Next(from);
            if (scheme < 0)
            {
                break;
            }

            var schemeEnd = scheme + (isBasic ? 5 : 6);
            from = schemeEnd;
            if (scheme > 0 && char.IsAsciiLetterOrDigit(text[scheme - 1]))
            {
                continue;
            }

            var tokenStart = schemeEnd;
            while (tokenStart < text.Length && text[tokenStart] == ' ')
            {
                tokenStart++;
            }

            if (tokenStart == schemeEnd)
            {
                continue;
            }

            var tokenEnd = tokenStart;
            while (tokenEnd < text.Length && Chars.IsToken68(text[tokenEnd]))
            {
                tokenEnd++;
            }

            var token = text.AsSpan(tokenStart, tokenEnd - tokenStart);
            if (token.Length > 0 && (AfterAuthorizationHeader(text, scheme) || LooksLikeCredential(token, isBasic)))
            {
                rewriter.Replace(tokenStart, tokenEnd, RedactionPlaceholders.Secret);
            }

            from = tokenEnd;
        }

        return rewriter.Finish();
    }

    // Remembers the next hit of each scheme word, so a line with thousands of one word does not rescan
    // the whole line for the other word at every hit.
    private struct SchemeFinder(string text)
    {
        private int _bearer = -2;
        private int _basic = -2;

        public (int Index, bool IsBasic) Next(int from)
        {
            _bearer = Refresh(_bearer, "bearer", from);
            _basic = Refresh(_basic, "basic", from);
            if (_basic >= 0 && (_bearer < 0 || _basic < _bearer))
            {
                return (_basic, true);
            }

            return (_bearer, false);
        }

        private readonly int Refresh(int cached, string word, int from) =>
            cached == -1 || cached >= from ? cached : text.IndexOf(word, from, StringComparison.OrdinalIgnoreCase);
    }

    private static bool LooksLikeCredential(ReadOnlySpan<char> token, bool isBasic)
    {
        if (!isBasic)
        {
            return token.Length >= LongBearerLength || (token.Length >= MinBearerLength && token.ContainsAnyInRange('0', '9'));
        }

        if (token.Length < 4 || token.Length % 4 != 0 || token.Length > 4096)
        {
            return false;
        }

        Span<byte> utf8 = stackalloc byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            utf8[i] = (byte)token[i];
        }

        Span<byte> decoded = stackalloc byte[Base64.GetMaxDecodedFromUtf8Length(token.Length)];
        return Base64.DecodeFromUtf8(utf8, decoded, out _, out var written) == System.Buffers.OperationStatus.Done
            && decoded[..written].Contains((byte)':');
    }

    // True for "Authorization: Bearer", "authorization=Basic", "\"Authorization\": \"Bearer" and similar.
    private static bool AfterAuthorizationHeader(string text, int scheme)
    {
        var i = scheme - 1;
        while (i >= 0 && (text[i] is ' ' or '"' or '\'' or '\\'))
        {
            i--;
        }

        if (i < 0 || text[i] is not (':' or '='))
        {
            return false;
        }

        i--;
        while (i >= 0 && (text[i] is ' ' or '"' or '\'' or '\\'))
        {
            i--;
        }

        var nameStart = i - HeaderName.Length + 1;
        return nameStart >= 0 && text.AsSpan(nameStart, HeaderName.Length).Equals(HeaderName, StringComparison.OrdinalIgnoreCase);
    }
}
