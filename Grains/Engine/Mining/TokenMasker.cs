namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>Writes the masked form of one token; the rules are listed on <see cref="LineTokenizer"/>.</summary>
internal static class TokenMasker
{
    private const string Wildcard = LineTokenizer.Wildcard;

    /// <summary>Writes the masked token into <paramref name="destination"/> and returns the chars written.</summary>
    /// <remarks><paramref name="destination"/> must hold at least <c>3 * raw.Length + 3</c> chars.</remarks>
    public static int Mask(ReadOnlySpan<char> raw, Span<char> destination)
    {
        if (IsPlaceholder(raw))
        {
            raw.CopyTo(destination);
            return raw.Length;
        }

        if (raw.IndexOf("://", StringComparison.Ordinal) >= 0)
        {
            Wildcard.CopyTo(destination);
            return Wildcard.Length;
        }

        var coreStart = 0;
        var coreEnd = raw.Length;
        while (coreStart < coreEnd && IsEdgePunctuation(raw[coreStart]))
        {
            coreStart++;
        }

        while (coreEnd > coreStart && IsEdgePunctuation(raw[coreEnd - 1]))
        {
            coreEnd--;
        }

        if (coreEnd > coreStart && IsNumericLike(raw[coreStart..coreEnd]))
        {
            var written = 0;
            raw[..coreStart].CopyTo(destination);
            written += coreStart;
            Wildcard.CopyTo(destination[written..]);
            written += Wildcard.Length;
            raw[coreEnd..].CopyTo(destination[written..]);
            return written + (raw.Length - coreEnd);
        }

        return MaskPieces(raw, destination);
    }

    private static int MaskPieces(ReadOnlySpan<char> raw, Span<char> destination)
    {
        var written = 0;
        var position = 0;
        while (position < raw.Length)
        {
            if (IsPieceDelimiter(raw[position]))
            {
                destination[written++] = raw[position++];
                continue;
            }

            var start = position;
            while (position < raw.Length && !IsPieceDelimiter(raw[position]))
            {
                position++;
            }

            var piece = raw[start..position];
            if (IsVariablePiece(piece))
            {
                Wildcard.CopyTo(destination[written..]);
                written += Wildcard.Length;
            }
            else
            {
                piece.CopyTo(destination[written..]);
                written += piece.Length;
            }
        }

        return written;
    }

    private static bool IsVariablePiece(ReadOnlySpan<char> piece)
    {
        if (piece.IndexOfAnyInRange('0', '9') >= 0)
        {
            return true;
        }

        // A path: a leading slash and at least one more separator, as in /var/log or /dev/sda.
        return piece.Length > 2 && piece[0] == '/' && piece[1..].IndexOf('/') > 0;
    }

    public static bool IsPlaceholder(ReadOnlySpan<char> raw)
    {
        if (raw.Length < 3 || raw[0] != '<' || raw[^1] != '>' || !char.IsAsciiLetterUpper(raw[1]))
        {
            return false;
        }

        foreach (var c in raw[1..^1])
        {
            if (!(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNumericLike(ReadOnlySpan<char> core)
    {
        var hasDigit = false;
        foreach (var c in core)
        {
            if (char.IsAsciiDigit(c))
            {
                hasDigit = true;
            }
            else if (!(char.IsAsciiHexDigit(c) || c is '.' or ':' or '-' or '/' or '_' or '+' or 'x' or 'X'))
            {
                return false;
            }
        }

        return hasDigit;
    }

    private static bool IsEdgePunctuation(char c) =>
        c is '(' or ')' or '[' or ']' or '{' or '}' or '"' or '\'' or ',' or ';' or '.' or '<' or '>' or '!' or '?';

    private static bool IsPieceDelimiter(char c) =>
        c is '=' or ':' or ',' or ';' or '(' or ')' or '[' or ']' or '{' or '}' or '"' or '\'' or '|' or '<' or '>';
}
