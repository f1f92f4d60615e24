namespace OrleansAgent.Grains.Sources;

/// <summary>
/// Reads log events from where they already live. A source keeps no position of its own: every call
/// receives the cursor that the poller persisted and returns the cursor to persist next.
/// </summary>
/// <remarks>
/// Contract for implementations:
/// <list type="bullet">
/// <item>The cursor is an opaque string that only this source interprets (usually JSON). <c>null</c> means
/// "no cursor yet"; the source then starts at the position its options set (the beginning or the end).</item>
/// <item>Reading with the same cursor again returns the same events again, plus any that arrived since, so a
/// crash before the cursor is saved causes a replay and never a gap.</item>
/// <item>At most <c>maxEvents</c> events are returned. <see cref="SourceBatch.NextCursor"/> then points just
/// after the last event returned, never past an event that was not returned, and
/// <see cref="SourceBatch.HasMore"/> tells the poller to read again at once.</item>
/// <item>The cursor never moves past the wall clock, even for events dated in the future.</item>
/// <item>A failure that could leave events unread (a partial result, a throttled or failed request, a
/// malformed response) throws <see cref="LogSourceException"/>; the poller then keeps its cursor.</item>
/// </list>
/// </remarks>
public interface ILogSource : IAsyncDisposable
{
    /// <summary>The configured source name, unique across the agent.</summary>
    string Name { get; }

    /// <summary>Reads the events after <paramref name="cursor"/>, at most <paramref name="maxEvents"/> of them.</summary>
    Task<SourceBatch> ReadAsync(string? cursor, int maxEvents, CancellationToken cancellationToken);

    /// <summary>
    /// Returns a cursor from which reading returns the events at or after <paramref name="time"/>, for a rewind or
    /// a backfill. A source that cannot seek by time (files) returns <c>null</c>, which reads from its configured
    /// start; the poller then skips the events dated before <paramref name="time"/>.
    /// </summary>
    string? CursorAt(DateTimeOffset time) => null;
}

/// <summary>One log event as a source delivers it, before redaction.</summary>
/// <param name="Id">A natural id that is unique within the source, used for deduplication in overlap windows
/// (Elasticsearch <c>_index/_id</c>, CloudWatch <c>eventId</c>, a Loki line hash, a file identity and byte offset).</param>
/// <param name="Text">The raw text: a whole line, or several lines joined for a multi-line event.</param>
/// <param name="Timestamp">The event time reported by the source, when it has one. When it is <c>null</c> the
/// header parser tries the text, and the arrival time is the last resort.</param>
/// <param name="Fields">Labels and metadata carried with the event (index, stream, file path, labels).</param>
public sealed record SourceEvent(
    string Id,
    string Text,
    DateTimeOffset? Timestamp,
    IReadOnlyDictionary<string, string> Fields);

/// <summary>The result of one <see cref="ILogSource.ReadAsync"/> call.</summary>
/// <param name="Events">The events, in source order.</param>
/// <param name="NextCursor">The cursor to persist once these events are durably processed.</param>
/// <param name="HasMore">True when the batch stopped at the event cap and more events are ready now.</param>
/// <param name="Skipped">Counts of input that was skipped rather than delivered, by reason (for example
/// <c>invalid-utf8-replaced</c>, <c>line-truncated</c>); the poller adds them to the source status.</param>
public sealed record SourceBatch(
    IReadOnlyList<SourceEvent> Events,
    string? NextCursor,
    bool HasMore,
    IReadOnlyDictionary<string, long>? Skipped = null);

/// <summary>A failed read. The poller logs it, keeps its cursor and retries with backoff.</summary>
public sealed class LogSourceException : Exception
{
    public LogSourceException(string sourceName, string message, bool isTransient, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base($"Source '{sourceName}': {message}", innerException)
    {
        SourceName = sourceName;
        IsTransient = isTransient;
        RetryAfter = retryAfter;
    }

    /// <summary>The name of the source that failed.</summary>
    public string SourceName { get; }

    /// <summary>True for failures that may pass on their own (throttling, timeouts, 5xx).</summary>
    public bool IsTransient { get; }

    /// <summary>The delay the server asked for, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }
}
