namespace OrleansAgent.Grains.Engine.Redaction;

/// <summary>
/// Replaces the password in URL user info (<c>https://user:pw@host</c>, <c>redis://:pw@host</c>) and a long
/// user name without a password, which is how tokens are usually embedded (<c>https://TOKEN@host</c>).
/// </summary>
internal static class UrlCredentialDetector
{
    private const string SchemeSeparator = "://";
    private const int MaxAuthorityLength = 1024;
    private const int MinTokenUserLength = 20;

    public static string Apply(string text, RedactionTally? tally)
    {
        var rewriter = new TextRewriter(text, tally);
        var from = 0;
        while (from < text.Length)
        {
            var separator = text.IndexOf(SchemeSeparator, from, StringComparison.Ordinal);
            if (separator < 0)
            {
                break;
            }

            var authorityStart = separator + SchemeSeparator.Length;
            var authorityEnd = FindAuthorityEnd(text, authorityStart);
            from = authorityEnd;

            var at = text.AsSpan(authorityStart, authorityEnd - authorityStart).LastIndexOf('@');
            if (at <= 0)
            {
                continue;
            }

            var userInfoEnd = authorityStart + at;
            var colon = text.IndexOf(':', authorityStart, userInfoEnd - authorityStart);
            var secretStart = colon >= 0 ? colon + 1 : authorityStart;
            if (colon < 0 && userInfoEnd - authorityStart < MinTokenUserLength)
            {
                continue;
            }

            if (secretStart < userInfoEnd && !Chars.IsPlaceholderAt(text, secretStart))
            {
                rewriter.Replace(secretStart, userInfoEnd, RedactionPlaceholders.Secret);
            }
        }

        return rewriter.Finish();
    }

    private static int FindAuthorityEnd(string text, int start)
    {
        var limit = Math.Min(text.Length, start + MaxAuthorityLength);
        for (var i = start; i < limit; i++)
        {
            if (text[i] is '/' or '?' or '#' or '"' or '\'' or '<' or '>' or '\\' || char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }

        return limit;
    }
}
