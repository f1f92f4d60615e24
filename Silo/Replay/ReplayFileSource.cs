using System.Globalization;
using System.Text;
using OrleansAgent.Grains.Sources;

namespace OrleansAgent.Silo.Replay;

/// <summary>
/// The files of a replay, read one after the other. <see cref="ReadableFiles"/> limits how far reading may go,
/// so the runner can finish the training files before it switches to detect and opens the rest.
/// </summary>
public sealed class ReplayInputs(IReadOnlyList<string> files)
{
    public IReadOnlyList<string> Files { get; } = files;

    /// <summary>How many of <see cref="Files"/>, from the first, the source may read now.</summary>
    public int ReadableFiles { get; set; }
}

/// <summary>
/// Reads replay files line by line. The cursor is <c>fileIndex:byteOffset</c> of the next unread line, so a
/// batch cap never skips a line. Invalid UTF-8 is replaced and counted.
/// </summary>
public sealed class ReplayFileSource(string name, ReplayInputs inputs) : ILogSource
{
    private const int MaxLineBytes = 256 * 1024;

    public string Name => name;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public async Task<SourceBatch> ReadAsync(string? cursor, int maxEvents, CancellationToken cancellationToken)
    {
        var (fileIndex, offset) = ParseCursor(cursor);
        var events = new List<SourceEvent>(Math.Min(maxEvents, 10_000));
        var replaced = 0L;
        while (fileIndex < inputs.ReadableFiles && events.Count < maxEvents)
        {
            var path = inputs.Files[fileIndex];
            offset = await ReadFileAsync(path, offset, maxEvents, events, count => replaced += count, cancellationToken);
            if (events.Count >= maxEvents)
            {
                break;
            }

            fileIndex++;
            offset = 0;
        }

        var skipped = replaced > 0 ? new Dictionary<string, long> { [SkipReasons.InvalidUtf8Replaced] = replaced } : null;
        var hasMore = events.Count >= maxEvents;
        return new SourceBatch(events, $"{fileIndex.ToString(CultureInfo.InvariantCulture)}:{offset.ToString(CultureInfo.InvariantCulture)}", hasMore, skipped);
    }

    private static async Task<long> ReadFileAsync(
        string path, long offset, int maxEvents, List<SourceEvent> events, Action<long> countReplaced, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        stream.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[1 << 16];
        var line = new MemoryStream();
        long lineStart = offset;
        long position = offset;
        int read;
        while (events.Count < maxEvents && (read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var start = 0;
            while (start < read && events.Count < maxEvents)
            {
                var newline = buffer.AsSpan(start, read - start).IndexOf((byte)'\n');
                var end = newline < 0 ? read : start + newline;
                var room = MaxLineBytes - (int)line.Length;
                line.Write(buffer, start, Math.Min(end - start, Math.Max(room, 0)));
                position += end - start;
                if (newline < 0)
                {
                    break;
                }

                position++;
                events.Add(ToEvent(path, lineStart, line, countReplaced));
                line.SetLength(0);
                lineStart = position;
                start = end + 1;
            }

            if (events.Count >= maxEvents)
            {
                return lineStart;
            }
        }

        // A last line without a newline is complete in a replay: the files no longer grow.
        if (line.Length > 0 && events.Count < maxEvents)
        {
            events.Add(ToEvent(path, lineStart, line, countReplaced));
            lineStart = position;
        }

        return lineStart;
    }

    private static SourceEvent ToEvent(string path, long offset, MemoryStream line, Action<long> countReplaced)
    {
        var bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        var text = Encoding.UTF8.GetString(bytes);
        if (text.Contains('\uFFFD', StringComparison.Ordinal) && !Utf8IsValid(bytes))
        {
            countReplaced(1);
        }

        return new SourceEvent($"{path}:{offset.ToString(CultureInfo.InvariantCulture)}", text, null, new Dictionary<string, string> { ["file"] = path });
    }

    private static bool Utf8IsValid(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    private static (int FileIndex, long Offset) ParseCursor(string? cursor)
    {
        if (cursor is null)
        {
            return (0, 0);
        }

        var parts = cursor.Split(':');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
