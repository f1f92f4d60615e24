using System.Text;

namespace OrleansAgent.Silo.Commands;

/// <summary>
/// Reads lines like <see cref="TextReader.ReadLineAsync(CancellationToken)"/> (ended by <c>\n</c>, <c>\r</c> or
/// <c>\r\n</c>) but keeps at most <paramref name="maxChars"/> chars of each, so one huge line cannot exhaust memory.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxChars)
{
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _line = new();
    private int _position;
    private int _length;

    /// <summary>Number of lines read so far that were longer than the limit and were cut.</summary>
    public long CutLines { get; private set; }

    /// <summary>Returns the next line without its line ending, cut to the limit, or null at the end.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken ct)
    {
        _line.Clear();
        var cut = false;
        var started = false;
        while (true)
        {
            if (_position == _length && !await FillAsync(ct))
            {
                return started ? Finish(cut) : null;
            }

            started = true;
            var available = _buffer.AsSpan(_position, _length - _position);
            var end = available.IndexOfAny('\r', '\n');
            cut |= Append(end < 0 ? available : available[..end]);
            if (end < 0)
            {
                _position = _length;
                continue;
            }

            _position += end + 1;
            if (available[end] == '\r' && (_position < _length || await FillAsync(ct)) && _buffer[_position] == '\n')
            {
                _position++;
            }

            return Finish(cut);
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        _length = await reader.ReadAsync(_buffer, ct);
        _position = 0;
        return _length > 0;
    }

    // Appends what still fits; returns true when some of the chars did not.
    private bool Append(ReadOnlySpan<char> chars)
    {
        var room = maxChars - _line.Length;
        _line.Append(chars.Length <= room ? chars : chars[..room]);
        return chars.Length > room;
    }

    private string Finish(bool cut)
    {
        CutLines += cut ? 1 : 0;
        return _line.ToString();
    }
}
