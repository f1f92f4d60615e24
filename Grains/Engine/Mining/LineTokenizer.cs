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
        var used = 0;
        EnsureBuffer(line.Length + 8);
        var position = 0;
        while (position < line.Length)
        {
            while (position < line.Length && char.IsWhiteSpace(line[position]))
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
                AddToken(ref used, Wildcard);
                return;
            }

            var start = position;
            while (position < line.Length && !char.IsWhiteSpace(line[position]))
            {
                position++;
            }

            AddToken(ref used, line[start..position]);
        }
    }

    private void AddToken(ref int used, ReadOnlySpan<char> raw)
    {
        EnsureTokenSlots(Count + 1);
        var start = used;
        var written = TokenMasker.Mask(raw, _buffer.AsSpan(used));
        used += written;
        _starts[Count] = start;
        _lengths[Count] = written;
        _wild[Count] = _buffer.AsSpan(start, written).SequenceEqual(Wildcard);
        Count++;
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
    }
}
