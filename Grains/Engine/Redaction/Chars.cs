namespace OrleansAgent.Grains.Engine.Redaction;

/// <summary>ASCII character classes used by the detectors; non-ASCII letters never form part of a secret token.</summary>
internal static class Chars
{
    public static bool IsAlnum(char c) => char.IsAsciiLetterOrDigit(c);

    /// <summary>Characters of a key name such as <c>db.password</c> or <c>X-Api-Key</c>.</summary>
    public static bool IsKey(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    /// <summary>Base64url alphabet used by JWT segments.</summary>
    public static bool IsBase64Url(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    /// <summary>Standard base64 alphabet with padding.</summary>
    public static bool IsBase64(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=';

    /// <summary>Characters of an HTTP auth token (RFC 7235 token68).</summary>
    public static bool IsToken68(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '/' or '=';

    public static bool IsQuote(char c) => c is '"' or '\'';

    /// <summary>True when <paramref name="text"/> at <paramref name="index"/> starts a placeholder such as <c>&lt;SECRET&gt;</c>.</summary>
    public static bool IsPlaceholderAt(string text, int index)
    {
        if (index >= text.Length || text[index] != '<')
        {
            return false;
        }

        var i = index + 1;
        while (i < text.Length && (char.IsAsciiLetterUpper(text[i]) || char.IsAsciiDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        return i > index + 1 && i < text.Length && text[i] == '>';
    }
}
