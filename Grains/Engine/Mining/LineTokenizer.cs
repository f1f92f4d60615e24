namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>
/// Splits a line on whitespace and writes each token in its masked form into a reusable buffer, so that
/// matching a line against known templates allocates nothing.
/// </summary>
/// <remarks>
/// Masking rules, applied per whitespace-separated token:
/// <list type="bullet">
/// <item>A redaction placeholder such as <c>&lt;EMAIL&gt;</c> (angle brackets around upper-case letters,
/// digits and underscores) stays a literal.</item>
/// <item>A URL (contains <c>://</c>) becomes one variable.</item>
/// <item>A token whose core (surrounding brackets, quotes and punctuation removed) contains a digit and
/// only hex digits and <c>. : - / _ + x</c> becomes one variable, punctuation kept: numbers, hex values,
/// IPv4 and IPv6 addresses with port, UUIDs, dates and times.</item>
/// <item>Otherwise the token is cut at <c>= : , ; ( ) [ ] { } " ' | &lt; &gt;</c>; each piece that
/// contains a digit, or is a path of two or more <c>/</c>-separated parts, becomes a variable, so
/// <c>uid=0</c> becomes <c>uid=&lt;*&gt;</c>.</item>
/// </list>
/// A token that is exactly <c>&lt;*&gt;</c> is a variable.
/// </remarks>
internal sealed class LineTokenizer
{
    public const string Wildcard = "<*>";

    private char[] _buffer = new char[512];
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];
    private bool[] _wild = new bool[64];
    private bool[] _boolean = new bool[64];
    private bool _hasValue;
    private bool _previousIsValueCore;
    private int _booleanTokens;

    public int Count { get; private set; }

    public ReadOnlySpan<char> Token(int index) => _buffer.AsSpan(_starts[index], _lengths[index]);

    public bool IsWildcard(int index) => _wild[index];

    public string[] ToStrings()
    {
        var tokens = new string[Count];
        for (var i = 0; i < Count; i++)
        {
            tokens[i] = _wild[i] ? Wildcard : new string(Token(i));
        }

        return tokens;
    }

    public void Tokenize(ReadOnlySpan<char> line, int maxTokens)
    {
        Count = 0;
        _hasValue = false;
        _previousIsValueCore = false;
        _booleanTokens = 0;
        var used = 0;
        EnsureBuffer(line.Length + 8);
        var position = 0;
        while (position < line.Length)
        {
            while (position < line.Length && TokenChars.IsWhiteSpace(line[position]))
            {
                position++;
            }

            if (position >= line.Length)
            {
                break;
            }

            if (Count == maxTokens - 1)
            {
                // The rest of the line, however long, is one trailing variable.
                AddToken(ref used, Wildcard, TokenChars.ValueHint);
                return;
            }

            // One pass finds the end of the token and collects the classes of its chars, which tell the
            // masking below which checks can be skipped.
            var start = position;
            var classes = 0;
            while (position < line.Length)
            {
                var c = line[position];
                if (TokenChars.IsWhiteSpace(c))
                {
                    break;
                }

                classes |= TokenChars.Of(c);
                position++;
            }

            if ((classes & TokenChars.Quote) != 0)
            {
                var end = ExtendQuotedValue(line, start, position);
                for (var i = position; i < end; i++)
                {
                    classes |= TokenChars.Of(line[i]);
                }

                position = end;
            }

            AddToken(ref used, line[start..position], classes);
        }

        if (_hasValue && _booleanTokens > 0)
        {
            MaskBooleans();
        }
    }

    // true and false are values only in a line that has other values. In a short message such as
    // "ret:false" the boolean is the only part that distinguishes two outcomes.
    private void MaskBooleans()
    {
        for (var i = 0; i < Count; i++)
        {
            if (_boolean[i])
            {
                _lengths[i] = TokenMasker.MaskBooleans(_buffer.AsSpan(_starts[i], _lengths[i]));
                _wild[i] = Token(i).SequenceEqual(Wildcard);
            }
        }
    }

    // `classes` are the TokenChars classes of the raw chars. Without a value hint the token is copied as it
    // is, and without the letter e it cannot hold true or false.
    private void AddToken(ref int used, ReadOnlySpan<char> raw, int classes)
    {
        EnsureTokenSlots(Count + 1);
        var start = used;
        int written;
        bool hasValue;
        if ((classes & TokenChars.ValueHint) == 0)
        {
            raw.CopyTo(_buffer.AsSpan(used));
            written = raw.Length;
            hasValue = false;
        }
        else
        {
            written = TokenMasker.Mask(raw, _buffer.AsSpan(used), classes);
            hasValue = _buffer.AsSpan(start, written).IndexOf(Wildcard) >= 0;
        }

        var masked = _buffer.AsSpan(start, written);
        var isValueCore = hasValue && IsValueCore(masked);
        if (!hasValue && _previousIsValueCore && DateWords.IsUnitOrDateWord(Core(masked), afterValue: true))
        {
            written = ReplaceCore(_buffer.AsSpan(start), written);
            hasValue = true;
            isValueCore = true;
        }
        else if (isValueCore && Count > 0 && DateWords.IsUnitOrDateWord(Core(Token(Count - 1)), afterValue: false))
        {
            // A month or day name before a number, as in "Fri Jun 17": the names are part of the date.
            for (var previous = Count - 1; previous >= 0 && DateWords.IsUnitOrDateWord(Core(Token(previous)), afterValue: false); previous--)
            {
                _lengths[previous] = ReplaceCore(_buffer.AsSpan(_starts[previous]), _lengths[previous]);
                _wild[previous] = Token(previous).SequenceEqual(Wildcard);
            }
        }

        used += written;
        _starts[Count] = start;
        _lengths[Count] = written;
        var token = _buffer.AsSpan(start, written);
        _wild[Count] = isValueCore && token.SequenceEqual(Wildcard);
        _hasValue |= hasValue;
        _previousIsValueCore = isValueCore;
        _boolean[Count] = (classes & TokenChars.LetterE) != 0 && token.Length >= 4 && TokenMasker.HasBoolean(token);
        _booleanTokens += _boolean[Count] ? 1 : 0;
        Count++;
    }

    // A quoted value after a key (tag="View Lock") is one token even when it contains spaces, so that a
    // one-word and a two-word value give the same token count. Returns the end of the token.
    private static int ExtendQuotedValue(ReadOnlySpan<char> line, int start, int end)
    {
        const int MaxQuotedLength = 256;
        var token = line[start..end];
        if (token.IndexOf('"') < 0)
        {
            return end;
        }

        var open = token.IndexOf("=\"");
        if (open < 0 || token[(open + 2)..].IndexOf('"') >= 0)
        {
            return end;
        }

        var limit = Math.Min(line.Length, Math.Max(end, start + MaxQuotedLength));
        var close = line[end..limit].IndexOf('"');
        if (close < 0)
        {
            return end;
        }

        var position = end + close;
        while (position < line.Length && !TokenChars.IsWhiteSpace(line[position]))
        {
            position++;
        }

        return position;
    }

    private static bool IsValueCore(ReadOnlySpan<char> token) => Core(token).SequenceEqual(Wildcard);

    private static ReadOnlySpan<char> Core(ReadOnlySpan<char> token)
    {
        var (start, end) = CoreRange(token);
        return token[start..end];
    }

    private static (int Start, int End) CoreRange(ReadOnlySpan<char> token)
    {
        var start = 0;
        var end = token.Length;
        while (start < end && token[start] is '(' or '[' or '{' or '"' or '\'')
        {
            start++;
        }

        while (end > start && token[end - 1] is ')' or ']' or '}' or '"' or '\'' or ',' or ';' or '.')
        {
            end--;
        }

        return (start, end);
    }

    // Rewrites the first length chars of buffer with the core replaced by a variable; returns the new length.
    // The buffer must have room for the core growing to three chars.
    private static int ReplaceCore(Span<char> buffer, int length)
    {
        var (start, end) = CoreRange(buffer[..length]);
        Span<char> suffix = length - end <= 64 ? stackalloc char[length - end] : new char[length - end];
        buffer[end..length].CopyTo(suffix);
        Wildcard.CopyTo(buffer[start..]);
        suffix.CopyTo(buffer[(start + Wildcard.Length)..]);
        return start + Wildcard.Length + suffix.Length;
    }

    private void EnsureBuffer(int length)
    {
        // A masked token is never longer than max(raw length, 3) per piece; 3 chars per raw char bounds it.
        var needed = (length * 3) + 8;
        if (_buffer.Length < needed)
        {
            _buffer = new char[Math.Max(needed, _buffer.Length * 2)];
        }
    }

    private void EnsureTokenSlots(int count)
    {
        if (_starts.Length >= count)
        {
            return;
        }

        var size = Math.Max(count, _starts.Length * 2);
        Array.Resize(ref _starts, size);
        Array.Resize(ref _lengths, size);
        Array.Resize(ref _wild, size);
        Array.Resize(ref _boolean, size);
    }
}
