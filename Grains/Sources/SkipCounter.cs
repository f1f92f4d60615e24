namespace OrleansAgent.Grains.Sources;

/// <summary>The keys a source uses in <see cref="SourceBatch.Skipped"/>.</summary>
public static class SkipReasons
{
    /// <summary>Lines whose invalid UTF-8 bytes were replaced with U+FFFD.</summary>
    public const string InvalidUtf8Replaced = "invalid-utf8-replaced";

    /// <summary>NUL bytes removed from lines.</summary>
    public const string NulBytesRemoved = "nul-bytes-removed";

    /// <summary>Lines cut at the maximum line length.</summary>
    public const string LineTruncated = "line-truncated";

    /// <summary>Multi-line events cut at the maximum event length.</summary>
    public const string EventTruncated = "event-truncated";

    /// <summary>Multi-line events split because they reached the maximum line count.</summary>
    public const string EventSplit = "multiline-event-split";

    /// <summary>Last lines without a newline emitted because the file stayed idle.</summary>
    public const string PartialLineFlushed = "partial-line-flushed";

    /// <summary>Files found truncated or replaced under the same identity and read again from the start.</summary>
    public const string FileTruncated = "file-truncated";

    /// <summary>Files that disappeared before they were read to the end.</summary>
    public const string FileVanishedUnread = "file-vanished-unread";

    /// <summary>Polls where the file glob matched no file.</summary>
    public const string NoMatchingFiles = "no-matching-files";

    /// <summary>Files skipped because they are not UTF-8 (a UTF-16 byte order mark).</summary>
    public const string UnsupportedEncoding = "unsupported-encoding";

    /// <summary>Documents without the configured message field. Their whole source JSON is the text.</summary>
    public const string MessageFieldMissing = "message-field-missing";

    /// <summary>Events delivered with an ingestion lag larger than the overlap in use. They were read, but
    /// events with the same lag that arrive after a poll has covered their time are missed.</summary>
    public const string LateBeyondOverlap = "ingestion-lag-beyond-overlap";

    /// <summary>Pages whose continuation token repeated the previous one.</summary>
    public const string RepeatedNextToken = "repeated-next-token";
}

/// <summary>Counts skipped or repaired input by reason for one read.</summary>
public sealed class SkipCounter
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string reason, long count = 1) => _counts[reason] = _counts.GetValueOrDefault(reason) + count;

    /// <summary>Returns the counts, or <c>null</c> when nothing was counted.</summary>
    public IReadOnlyDictionary<string, long>? ToDictionary() => _counts.Count == 0 ? null : new Dictionary<string, long>(_counts);
}
