namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>Writes the masked form of one token; the rules are listed on <see cref="LineTokenizer"/>.</summary>
internal static class TokenMasker
{
    private const string Wildcard = LineTokenizer.Wildcard;

    /// <summary>Writes the masked token into <paramref name="destination"/> and returns the chars written.</summary>
    /// <remarks><paramref name="destination"/> must hold at least <c>3 * raw.Length + 3</c> chars.</remarks>
    public static int Mask(ReadOnlySpan<char> raw, Span<char> destination) => Mask(raw, destination, ClassesOf(raw));

    /// <summary>Writes the masked token like <see cref="Mask(ReadOnlySpan{char}, Span{char})"/>, given the
    /// <see cref="TokenChars"/> classes of its chars.</summary>
    public static int Mask(ReadOnlySpan<char> raw, Span<char> destination, int classes)
    {
        if ((classes & TokenChars.ValueHint) == 0 || IsPlaceholder(raw))
        {
            raw.CopyTo(destination);
            return raw.Length;
        }

        // A plain number or a URL is one value.
        if ((classes & TokenChars.NonDigit) == 0
            || ((classes & TokenChars.Colon) != 0 && raw.IndexOf("://", StringComparison.Ordinal) >= 0))
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

        // Only number-like text is taken whole here; a path or name may sit inside key=value or brackets,
        // which the piece pass below keeps.
        if (coreEnd > coreStart && TokenShapes.IsNumberLike(raw[coreStart..coreEnd]))
        {
            raw[..coreStart].CopyTo(destination);
            var written = coreStart;
            Wildcard.CopyTo(destination[written..]);
            written += Wildcard.Length;
            raw[coreEnd..].CopyTo(destination[written..]);
            return written + (raw.Length - coreEnd);
        }

        return MaskPieces(raw, destination);
    }

    private static int ClassesOf(ReadOnlySpan<char> raw)
    {
        var classes = 0;
        foreach (var c in raw)
        {
            classes |= TokenChars.Of(c);
        }

        return classes;
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

    /// <summary>True when a piece of the token is <c>true</c> or <c>false</c> in any case.</summary>
    public static bool HasBoolean(ReadOnlySpan<char> token) =>
        ContainsBooleanWord(token) && BooleanPieces(token, Span<char>.Empty, rewrite: false) > 0;

    // True when the token contains true or false in any case. Both end in "ue" or "se", and an ordinal
    // comparison that ignores case equates only ASCII u, s and e with their upper case forms, so only the
    // text before such a pair needs a comparison.
    private static bool ContainsBooleanWord(ReadOnlySpan<char> token)
    {
        for (var i = 3; i < token.Length; i++)
        {
            if ((token[i] | 0x20) != 'e' || (token[i - 1] | 0x20) is not ('u' or 's'))
            {
                continue;
            }

            if (token.Slice(i - 3, 4).Equals("true", StringComparison.OrdinalIgnoreCase)
                || (i >= 4 && token.Slice(i - 4, 5).Equals("false", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Replaces the <c>true</c> and <c>false</c> pieces of the token in place; returns the new length.</summary>
    public static int MaskBooleans(Span<char> token) => BooleanPieces(token, token, rewrite: true);

    // Counts the boolean pieces of the token. When rewriting, it replaces them in place instead and returns
    // the new length, which fits because a variable is never longer than the boolean it replaces.
    private static int BooleanPieces(ReadOnlySpan<char> token, Span<char> output, bool rewrite)
    {
        var found = 0;
        var written = 0;
        var position = 0;
        while (position < token.Length)
        {
            var start = position;
            if (IsPieceDelimiter(token[position]))
            {
                position++;
            }
            else
            {
                while (position < token.Length && !IsPieceDelimiter(token[position]))
                {
                    position++;
                }
            }

            var piece = token[start..position];
            var isBoolean = TokenShapes.IsBoolean(piece.TrimEnd('.'));
            found += isBoolean ? 1 : 0;
            if (!rewrite)
            {
                continue;
            }

            if (isBoolean)
            {
                var tail = piece[piece.TrimEnd('.').Length..];
                Wildcard.CopyTo(output[written..]);
                written += Wildcard.Length;
                tail.CopyTo(output[written..]);
                written += tail.Length;
            }
            else
            {
                piece.CopyTo(output[written..]);
                written += piece.Length;
            }
        }

        return rewrite ? written : found;
    }

    private static int MaskPieces(ReadOnlySpan<char> raw, Span<char> destination)
    {
        var written = 0;
        var position = 0;
        while (position < raw.Length)
        {
            // Text quoted within one token, as in tag="AudioMix", is a value.
            if (raw[position] == '"' && raw[(position + 1)..].IndexOf('"') is > 0 and var length)
            {
                destination[written++] = '"';
                Wildcard.CopyTo(destination[written..]);
                written += Wildcard.Length;
                destination[written++] = '"';
                position += length + 2;
                continue;
            }

            // A bracketed address, as in [fe80::1]:443, is one value although it contains colons.
            if (raw[position] == '[' && raw[(position + 1)..].IndexOf(']') is > 0 and var inner
                && TokenShapes.IsNumberLike(raw.Slice(position + 1, inner)))
            {
                destination[written++] = '[';
                Wildcard.CopyTo(destination[written..]);
                written += Wildcard.Length;
                destination[written++] = ']';
                position += inner + 2;
                continue;
            }

            if (IsPieceDelimiter(raw[position]))
            {
                destination[written++] = raw[position++];
                continue;
            }

            var start = position;
            var pieceClasses = 0;
            while (position < raw.Length)
            {
                var classes = TokenChars.Of(raw[position]);
                if ((classes & TokenChars.PieceDelimiter) != 0)
                {
                    break;
                }

                pieceClasses |= classes;
                position++;
            }

            var piece = raw[start..position];
            if ((pieceClasses & TokenChars.PieceHint) == 0)
            {
                // Without a digit, slash or dot a piece is neither a value nor has digit runs.
                piece.CopyTo(destination[written..]);
                written += piece.Length;
                continue;
            }

            var trimmed = piece.TrimEnd('.');
            if (trimmed.Length > 0 && TokenShapes.IsValue(trimmed))
            {
                Wildcard.CopyTo(destination[written..]);
                written += Wildcard.Length;
                piece[trimmed.Length..].CopyTo(destination[written..]);
                written += piece.Length - trimmed.Length;
            }
            else
            {
                written += MaskDigitRuns(piece, destination[written..]);
            }
        }

        return written;
    }

    // Replaces each run of digits (with inner dots, and a minus sign that does not follow a letter or digit)
    // by a variable, so that node-12 and node-7 share the token node-<*> while alt0 and ee0 stay apart.
    private static int MaskDigitRuns(ReadOnlySpan<char> piece, Span<char> destination)
    {
        var written = 0;
        var position = 0;
        while (position < piece.Length)
        {
            var c = piece[position];
            var signed = c == '-' && position + 1 < piece.Length && char.IsAsciiDigit(piece[position + 1])
                && (position == 0 || !char.IsAsciiLetterOrDigit(piece[position - 1]));
            if (!char.IsAsciiDigit(c) && !signed)
            {
                destination[written++] = c;
                position++;
                continue;
            }

            position++;
            while (position < piece.Length
                && (char.IsAsciiDigit(piece[position])
                    || (piece[position] == '.' && position + 1 < piece.Length && char.IsAsciiDigit(piece[position + 1]))))
            {
                position++;
            }

            Wildcard.CopyTo(destination[written..]);
            written += Wildcard.Length;
        }

        return written;
    }

    private static bool IsEdgePunctuation(char c) => TokenChars.Is(c, TokenChars.EdgePunctuation);

    private static bool IsPieceDelimiter(char c) => TokenChars.Is(c, TokenChars.PieceDelimiter);
}
