using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace OrleansAgent.Grains.Sources.Files;

/// <summary>Tails the files that match a glob. The cursor remembers, per file, its identity, a fingerprint of
/// its first bytes and the byte offset after the last event delivered, so rotation, truncation and restarts
/// neither skip nor repeat lines. Event ids are the file identity, a generation and the byte offset.</summary>
public sealed partial class FileLogSource : ILogSource
{
    private readonly FileSourceOptions _options;
    private readonly FileGlob _glob;
    private readonly Regex? _startPattern;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FileLogSource> _logger;

    public FileLogSource(string name, FileSourceOptions options, TimeProvider timeProvider, ILogger<FileLogSource> logger)
    {
        Name = name;
        _options = options;
        _glob = FileGlob.Parse(options.Path);
        _startPattern = string.IsNullOrEmpty(options.MultilineStartPattern)
            ? null
            : new Regex(options.MultilineStartPattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public string Name { get; }

    public Task<SourceBatch> ReadAsync(string? cursor, int maxEvents, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEvents);

        // File I/O is synchronous. Keep it off the caller's scheduler.
        return Task.Run(() => Read(cursor, maxEvents, cancellationToken), cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private SourceBatch Read(string? cursorText, int maxEvents, CancellationToken cancellationToken)
    {
        var cursor = ParseCursor(cursorText);
        var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var skipped = new SkipCounter();
        var globMatches = OpenGlobMatches();
        var matcher = new FileMatcher(_options, skipped, nowMs);
        try
        {
            if (globMatches.Count == 0)
            {
                skipped.Add(SkipReasons.NoMatchingFiles);
                LogNoMatchingFiles(Name, _options.Path);
            }

            var plan = Guard(_options.Path, () => matcher.Plan(cursor?.Files ?? [], globMatches, cursor is null && _options.StartAt == FileStartPosition.End));
            var events = new List<SourceEvent>();
            var next = new FileCursor();
            var capped = false;
            foreach (var item in plan)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var keep = capped || ReadItem(item, maxEvents - events.Count, nowMs, skipped, events, out capped);
                if (keep)
                {
                    next.Files.Add(item.Entry);
                }
            }

            return new SourceBatch(events, next.Serialize(), capped, skipped.ToDictionary());
        }
        finally
        {
            foreach (var candidate in globMatches.Concat(matcher.Opened))
            {
                candidate.Dispose();
            }
        }
    }

    /// <summary>Reads one file into <paramref name="events"/> and updates its entry. Returns whether the entry
    /// stays in the cursor.</summary>
    private bool ReadItem(FileWorkItem item, int budget, long nowMs, SkipCounter skipped, List<SourceEvent> events, out bool capped)
    {
        var (entry, candidate) = (item.Entry, item.Candidate);
        if (entry.Size != candidate.Length)
        {
            entry.Size = candidate.Length;
            entry.SizeSeenAtMs = nowMs;
        }

        var idleMs = nowMs - entry.SizeSeenAtMs;
        capped = false;
        // NOTE: UTF-16 files are skipped and counted, not decoded; their 2-byte newlines need a separate reader.
        if (entry.Offset == 0 && IsUtf16(candidate))
        {
            skipped.Add(SkipReasons.UnsupportedEncoding);
            LogUnsupportedEncoding(Name, candidate.Path);
            return true;
        }

        if (entry.Offset < candidate.Length || idleMs >= _options.PartialLineTimeout.TotalMilliseconds)
        {
            var reader = new FileTailReader(_options, _startPattern, skipped);
            var key = entry.Identity.IsKnown ? entry.Identity.ToString() : entry.Path;
            var fields = new Dictionary<string, string> { ["file"] = candidate.Path };
            var isIdle = idleMs >= _options.PartialLineTimeout.TotalMilliseconds;
            var (offset, wasCapped) = Guard(candidate.Path, () => reader.Read(
                candidate.Stream,
                entry.Offset,
                budget,
                isIdle,
                (start, text) => events.Add(new SourceEvent($"{key}:{entry.Generation}:{start}", text, null, fields))));
            entry.Offset = offset;
            capped = wasCapped;
        }

        UpdateFingerprint(entry, candidate);

        // A rotated file that left the glob is dropped once it was read to the end and stayed unchanged long
        // enough for its writer to have moved to the new file.
        return item.MatchesGlob
            || entry.Offset < candidate.Length
            || idleMs < _options.RotateWait.TotalMilliseconds;
    }

    private void UpdateFingerprint(FileCursorEntry entry, FileCandidate candidate)
    {
        var wanted = (int)Math.Min(candidate.Length, _options.FingerprintBytes);
        if (wanted > entry.FingerprintLength && candidate.HashPrefix(wanted) is { } hash)
        {
            entry.Fingerprint = hash;
            entry.FingerprintLength = wanted;
        }
    }

    private static bool IsUtf16(FileCandidate candidate)
    {
        Span<byte> head = stackalloc byte[2];
        var read = RandomAccess.Read(candidate.Stream.SafeFileHandle, head, 0);
        return read == 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF));
    }

    private List<FileCandidate> OpenGlobMatches()
    {
        var paths = Guard(_glob.Root, _glob.Enumerate);
        var opened = new List<FileCandidate>(paths.Count);
        try
        {
            foreach (var path in paths)
            {
                if (Guard(path, () => FileCandidate.TryOpen(path)) is { } candidate)
                {
                    opened.Add(candidate);
                }
            }
        }
        catch
        {
            opened.ForEach(c => c.Dispose());
            throw;
        }

        return opened;
    }

    private FileCursor? ParseCursor(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return FileCursor.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new LogSourceException(Name, $"{ex.Message} Reset the cursor of this source to read its files again from the configured start position.", isTransient: false, innerException: ex);
        }
    }

    /// <summary>Runs file system work and turns its failures into <see cref="LogSourceException"/> naming the path.</summary>
    private T Guard<T>(string path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new LogSourceException(Name, $"Permission denied reading '{path}': {ex.Message} Grant the agent read access to the file and its directory.", isTransient: false, innerException: ex);
        }
        catch (IOException ex)
        {
            throw new LogSourceException(Name, $"Reading '{path}' failed: {ex.Message}", isTransient: true, innerException: ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Source {SourceName}: no file matches {Glob}")]
    private partial void LogNoMatchingFiles(string sourceName, string glob);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {SourceName}: skipped {FilePath} because it starts with a UTF-16 byte order mark; only UTF-8 is supported")]
    private partial void LogUnsupportedEncoding(string sourceName, string filePath);
}
