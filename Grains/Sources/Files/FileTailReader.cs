using System.Text;
using System.Text.RegularExpressions;

namespace OrleansAgent.Grains.Sources.Files;

/// <summary>Reads complete events from one open file, starting at a byte offset. Offsets are always raw byte
/// positions, never character counts, and the returned offset is the end of the last event returned: a line
/// still being written, or a multi-line event that may still grow, is left for the next read unless the file
/// is idle.</summary>
internal sealed class FileTailReader(FileSourceOptions options, Regex? startPattern, SkipCounter skipped)
{
    private const int BufferSize = 64 * 1024;
    private static readonly byte[] s_utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Reads events from <paramref name="stream"/> at <paramref name="offset"/> until the end of the
    /// file or until <paramref name="maxEvents"/> events were read.</summary>
    /// <param name="isIdle">True when the file has not changed for <see cref="FileSourceOptions.PartialLineTimeout"/>,
    /// so a last line without newline and a pending multi-line event are emitted.</param>
    /// <param name="emit">Receives each event with its start offset.</param>
    /// <returns>The offset just after the last event emitted, and whether the cap stopped the read.</returns>
    public (long Offset, bool Capped) Read(Stream stream, long offset, int maxEvents, bool isIdle, Action<long, string> emit)
    {
        if (offset == 0)
        {
            offset = SkipBom(stream);
        }

        stream.Position = offset;
        var state = new ReadState(options.MaxLineBytes, offset);
        var emitted = 0;
        var committed = offset;
        var buffer = new byte[BufferSize];

        void Complete(long start, long end, DecodedLine line)
        {
            if (startPattern is null)
            {
                emit(start, line.Text);
                emitted++;
                committed = end;
                return;
            }

            if (state.Pending is not null && startPattern.IsMatch(line.Text))
            {
                emit(state.Pending.Start, state.Pending.Text);
                emitted++;
                committed = start;
                state.Pending = null;
                if (emitted >= maxEvents)
                {
                    return;
                }
            }

            if (state.Pending is not null && state.Pending.LineCount >= options.MaxMultilineLines)
            {
                // A pattern that never matches would otherwise make the whole file one event that is
                // re-read on every poll.
                skipped.Add(SkipReasons.EventSplit);
                emit(state.Pending.Start, state.Pending.Text);
                emitted++;
                committed = start;
                state.Pending = null;
                if (emitted >= maxEvents)
                {
                    return;
                }
            }

            state.Pending ??= new PendingEvent(start, options.MaxLineBytes);

            if (state.Pending.Append(line.Text))
            {
                skipped.Add(SkipReasons.EventTruncated);
            }

            state.Pending.End = end;
        }

        int read;
        while (emitted < maxEvents && (read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var chunk = buffer.AsSpan(0, read);
            while (!chunk.IsEmpty && emitted < maxEvents)
            {
                var newline = chunk.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    state.Add(chunk);
                    break;
                }

                state.Add(chunk[..newline]);
                chunk = chunk[(newline + 1)..];
                var end = state.LineStart + state.LineLength + 1;
                var line = Decode(state);
                Complete(state.LineStart, end, line);
                state.StartLine(end);
            }

            if (emitted >= maxEvents)
            {
                return (committed, true);
            }
        }

        if (isIdle && state.LineLength > 0)
        {
            var end = state.LineStart + state.LineLength;
            skipped.Add(SkipReasons.PartialLineFlushed);
            Complete(state.LineStart, end, Decode(state));
        }

        if (emitted < maxEvents && isIdle && state.Pending is not null)
        {
            emit(state.Pending.Start, state.Pending.Text);
            emitted++;
            committed = state.Pending.End;
        }

        return (committed, emitted >= maxEvents);
    }

    private DecodedLine Decode(ReadState state)
    {
        var bytes = state.Bytes;
        if (state.Truncated)
        {
            bytes = TrimIncompleteCharacter(bytes);
            skipped.Add(SkipReasons.LineTruncated);
        }

        var line = FileLineDecoder.Decode(bytes);
        if (line.NulBytesRemoved > 0)
        {
            skipped.Add(SkipReasons.NulBytesRemoved, line.NulBytesRemoved);
        }

        if (line.InvalidUtf8Replaced)
        {
            skipped.Add(SkipReasons.InvalidUtf8Replaced);
        }

        return state.Truncated ? line with { Text = line.Text + FileLineDecoder.TruncationMarker } : line;
    }

    private static long SkipBom(Stream stream)
    {
        Span<byte> head = stackalloc byte[3];
        stream.Position = 0;
        var count = stream.ReadAtLeast(head, 3, throwOnEndOfStream: false);
        return count == 3 && head.SequenceEqual(s_utf8Bom) ? 3 : 0;
    }

    /// <summary>Drops the bytes of a UTF-8 sequence that the byte cap cut in the middle, so a cut line is not
    /// counted as invalid UTF-8.</summary>
    private static ReadOnlySpan<byte> TrimIncompleteCharacter(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(4, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            // The lead byte's high bits give the sequence length.
            int length;
            if (b >= 0xF0)
            {
                length = 4;
            }
            else if (b >= 0xE0)
            {
                length = 3;
            }
            else
            {
                length = b >= 0xC0 ? 2 : 1;
            }

            return length > back ? bytes[..^back] : bytes;
        }

        return bytes;
    }

    /// <summary>The line being assembled. Bytes past the cap are counted but not kept.</summary>
    private sealed class ReadState(int maxLineBytes, long lineStart)
    {
        private readonly byte[] _line = new byte[Math.Min(maxLineBytes, BufferSize)];
        private byte[] _storage = [];
        private int _kept;

        public long LineStart { get; private set; } = lineStart;

        public long LineLength { get; private set; }

        public bool Truncated => LineLength > _kept;

        public PendingEvent? Pending { get; set; }

        public ReadOnlySpan<byte> Bytes => (_storage.Length > 0 ? _storage : _line).AsSpan(0, _kept);

        public void Add(ReadOnlySpan<byte> bytes)
        {
            LineLength += bytes.Length;
            var room = maxLineBytes - _kept;
            if (room <= 0 || bytes.IsEmpty)
            {
                return;
            }

            var kept = bytes[..Math.Min(room, bytes.Length)];
            var target = _storage.Length > 0 ? _storage : _line;
            if (_kept + kept.Length > target.Length)
            {
                // Grow geometrically up to the cap. Short lines never allocate more than the first block.
                var size = target.Length;
                while (size < _kept + kept.Length)
                {
                    size *= 2;
                }

                var grown = new byte[Math.Min(maxLineBytes, size)];
                target.AsSpan(0, _kept).CopyTo(grown);
                _storage = grown;
                target = grown;
            }

            kept.CopyTo(target.AsSpan(_kept));
            _kept += kept.Length;
        }

        public void StartLine(long start)
        {
            LineStart = start;
            LineLength = 0;
            _kept = 0;
        }
    }

    /// <summary>A multi-line event that is still collecting continuation lines.</summary>
    private sealed class PendingEvent(long start, int maxBytes)
    {
        private readonly StringBuilder _text = new();
        private int _bytes;
        private bool _cut;

        public long Start { get; } = start;

        public long End { get; set; }

        public int LineCount { get; private set; }

        public string Text => _cut ? _text + FileLineDecoder.TruncationMarker : _text.ToString();

        /// <summary>Appends a line. Returns true when this line was the first one cut by the event cap.</summary>
        public bool Append(string line)
        {
            LineCount++;
            if (_cut)
            {
                return false;
            }

            var lineBytes = Encoding.UTF8.GetByteCount(line);
            if (_bytes > 0 && _bytes + 1 + lineBytes > maxBytes)
            {
                _cut = true;
                return true;
            }

            if (_bytes > 0)
            {
                _text.Append('\n');
                _bytes++;
            }

            _text.Append(line);
            _bytes += lineBytes;
            return false;
        }
    }
}
