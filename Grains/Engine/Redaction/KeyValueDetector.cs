using System.Buffers;

namespace OrleansAgent.Grains.Engine.Redaction;

/// <summary>
/// Replaces the value of secret-named keys in <c>key=value</c>, <c>key: value</c>, JSON, URL query and
/// connection-string forms, keeping the key. AWS secret access keys get their own placeholder, also when
/// the 40-character value follows the key name without a separator.
/// </summary>
/// <remarks>
/// A key is the whole run of letters, digits, '_', '-' and '.' around a keyword hit. It is secret when, with
/// '_', '-' and '.' removed and lower-cased, it ends with one of <see cref="SecretSuffixes"/>: so
/// <c>db_password</c> and <c>client_secret</c> match, while <c>password_reset_requested</c> and
/// <c>max_tokens</c> do not. The key must be followed by '=' or ':' (after an optional closing quote), so
/// prose such as "token bucket" is left alone.
/// </remarks>
internal static class KeyValueDetector
{
    private const int MaxKeyLength = 64;
    private const int AwsSecretLength = 40;
    private const int AwsLookAhead = 64;

    /// <summary>Substrings that every secret key name contains; the cheap scan looks for these.</summary>
    public static readonly string[] Keywords =
    [
        "password", "passwd", "pwd", "token", "secret", "apikey", "api_key", "api-key",
        "accountkey", "accesskey", "access_key", "privatekey", "private_key",
    ];

    private static readonly string[] SecretSuffixes =
    [
        "password", "passwd", "pwd", "token", "secret", "secretkey", "apikey", "accountkey", "accesskey", "privatekey",
    ];

    private static readonly string[] AwsSecretKeys = ["awssecretaccesskey", "secretaccesskey", "awssecretkey"];

    private static readonly SearchValues<string> KeywordSearch = SearchValues.Create(Keywords, StringComparison.OrdinalIgnoreCase);

    public static string Apply(string text, RedactionTally? tally)
    {
        var rewriter = new TextRewriter(text, tally);
        var from = 0;
        while (from < text.Length)
        {
            var hit = text.AsSpan(from).IndexOfAny(KeywordSearch);
            if (hit < 0)
            {
                break;
            }

            var keyStart = from + hit;
            while (keyStart > 0 && Chars.IsKey(text[keyStart - 1]))
            {
                keyStart--;
            }

            var keyEnd = from + hit;
            while (keyEnd < text.Length && Chars.IsKey(text[keyEnd]))
            {
                keyEnd++;
            }

            from = Math.Max(keyEnd, from + hit + 1);
            var kind = IsPlaceholderName(text, keyStart, keyEnd) ? KeyKind.None : Classify(text.AsSpan(keyStart, keyEnd - keyStart));
            if (kind == KeyKind.None)
            {
                continue;
            }

            var placeholder = kind == KeyKind.AwsSecret ? RedactionPlaceholders.AwsSecretKey : RedactionPlaceholders.Secret;
            var (valueStart, valueEnd) = FindValue(text, keyEnd);
            if (valueStart < 0 && kind == KeyKind.AwsSecret)
            {
                (valueStart, valueEnd) = FindAwsSecretNearby(text, keyEnd);
            }

            if (valueStart >= 0 && valueEnd > valueStart && !Chars.IsPlaceholderAt(text, valueStart))
            {
                rewriter.Replace(valueStart, valueEnd, placeholder);
                from = valueEnd;
            }
        }

        return rewriter.Finish();
    }

    private enum KeyKind
    {
        None,
        Secret,
        AwsSecret,
    }

    // "<SECRET>" and "<AWS_SECRET_KEY>" look like keys, but are earlier output.
    private static bool IsPlaceholderName(string text, int keyStart, int keyEnd) =>
        keyStart > 0 && text[keyStart - 1] == '<' && keyEnd < text.Length && text[keyEnd] == '>';

    private static KeyKind Classify(ReadOnlySpan<char> key)
    {
        if (key.Length > MaxKeyLength)
        {
            return KeyKind.None;
        }

        Span<char> normalized = stackalloc char[key.Length];
        var length = 0;
        foreach (var c in key)
        {
            if (c is not ('_' or '-' or '.'))
            {
                normalized[length++] = char.ToLowerInvariant(c);
            }
        }

        normalized = normalized[..length];
        foreach (var aws in AwsSecretKeys)
        {
            if (normalized.EndsWith(aws, StringComparison.Ordinal))
            {
                return KeyKind.AwsSecret;
            }
        }

        foreach (var suffix in SecretSuffixes)
        {
            if (normalized.EndsWith(suffix, StringComparison.Ordinal))
            {
                return KeyKind.Secret;
            }
        }

        return KeyKind.None;
    }

    // Finds the value after a key: optional closing quote (escaped or not), spaces, '=' or ':', spaces, then a
    // quoted or bare value. Returns (-1, -1) when no separator follows the key.
    private static (int Start, int End) FindValue(string text, int keyEnd)
    {
        var i = keyEnd;
        if (i < text.Length && text[i] == '\\' && i + 1 < text.Length && Chars.IsQuote(text[i + 1]))
        {
            i += 2;
        }
        else if (i < text.Length && Chars.IsQuote(text[i]))
        {
            i++;
        }

        i = SkipSpaces(text, i);
        if (i >= text.Length || text[i] is not ('=' or ':'))
        {
            return (-1, -1);
        }

        i = SkipSpaces(text, i + 1);
        if (i >= text.Length)
        {
            return (-1, -1);
        }

        if (text[i] == '\\' && i + 1 < text.Length && Chars.IsQuote(text[i + 1]))
        {
            var close = text.IndexOf(string.Concat("\\", text[i + 1].ToString()), i + 2, StringComparison.Ordinal);
            return (i + 2, close < 0 ? LineEnd(text, i + 2) : close);
        }

        if (Chars.IsQuote(text[i]))
        {
            return (i + 1, FindClosingQuote(text, i + 1, text[i]));
        }

        var end = i;
        while (end < text.Length && !IsBareValueTerminator(text[end]))
        {
            end++;
        }

        return (i, end);
    }

    private static int FindClosingQuote(string text, int start, char quote)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                return i;
            }
        }

        // An unterminated quoted value runs to the end of the line: fail closed.
        return LineEnd(text, start);
    }

    private static int LineEnd(string text, int start)
    {
        var newline = text.IndexOfAny(['\n', '\r'], start);
        return newline < 0 ? text.Length : newline;
    }

    private static bool IsBareValueTerminator(char c) =>
        char.IsWhiteSpace(c) || c is '&' or ',' or ';' or '"' or '\'' or ')' or ']' or '}' or '<' or '>';

    // Handles "aws_secret_access_key    wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" as printed by some tools.
    private static (int Start, int End) FindAwsSecretNearby(string text, int keyEnd)
    {
        var limit = Math.Min(text.Length, keyEnd + AwsLookAhead + AwsSecretLength);
        var i = keyEnd;
        while (i < limit)
        {
            if (!Chars.IsBase64(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && Chars.IsBase64(text[i]))
            {
                i++;
            }

            if (i - start == AwsSecretLength)
            {
                return (start, i);
            }
        }

        return (-1, -1);
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        return i;
    }
}
