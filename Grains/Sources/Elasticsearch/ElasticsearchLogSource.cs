using System.Globalization;
using System.Text.Json;
using Elastic.Transport;
using Microsoft.Extensions.Logging;
using OrleansAgent.Grains.Sources.Remote;
using TransportHttpMethod = Elastic.Transport.HttpMethod;

namespace OrleansAgent.Grains.Sources.Elasticsearch;

/// <summary>Reads documents from Elasticsearch or OpenSearch in timestamp order.</summary>
/// <remarks>
/// Each poll searches <c>[cursor − overlap, now − settle)</c> under a point in time (PIT), paging with
/// <c>search_after</c> on the timestamp plus the <c>_shard_doc</c> tiebreaker the PIT adds, so hits that
/// share a timestamp are neither skipped nor repeated between pages. The PIT is closed at the end of the
/// poll. Between polls only the timestamp and the <c>(_index, _id)</c> keys seen inside the overlap are kept.
/// A page with failed shards or <c>timed_out</c> fails the whole poll.
/// </remarks>
public sealed partial class ElasticsearchLogSource(
    string name,
    ElasticsearchSourceOptions options,
    ITransport transport,
    TimeProvider timeProvider,
    ILogger<ElasticsearchLogSource> logger) : ILogSource
{
    private const long NanosecondsPerTick = 100;

    public string Name { get; } = name;

    public async Task<SourceBatch> ReadAsync(string? cursor, int maxEvents, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEvents);
        var previous = ParseCursor(cursor);
        var nowNs = ToNanoseconds(timeProvider.GetUtcNow());
        var watermark = Math.Min(previous?.Nanoseconds ?? nowNs - ToNanoseconds(options.InitialLookback), nowNs);
        var overlapNs = ToNanoseconds(options.Overlap);
        var seen = new SeenIds(previous?.Seen);
        var events = new List<SourceEvent>();
        var skipped = new SkipCounter();
        var from = watermark - overlapNs;
        var to = nowNs - ToNanoseconds(options.SettleDelay);

        var reachedNs = to;
        if (from < to)
        {
            var pitId = await OpenPointInTimeAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                reachedNs = await SearchAsync(pitId, from, to, maxEvents, seen, events, skipped, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await ClosePointInTimeAsync(pitId.Current).ConfigureAwait(false);
            }
        }

        var capped = reachedNs < to;
        var next = new ElasticsearchCursor { Nanoseconds = Math.Clamp(reachedNs, watermark, nowNs) };
        next.Seen = seen.Export(next.Nanoseconds - overlapNs);
        LogPolled(Name, events.Count, capped);
        return new SourceBatch(events, next.Serialize(), capped, skipped.ToDictionary());
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Pages through <c>[from, to)</c>. Returns <paramref name="to"/> when every hit was read, or the
    /// timestamp of the last hit delivered when the event cap stopped the search.</summary>
    private async Task<long> SearchAsync(PitHolder pit, long from, long to, int maxEvents, SeenIds seen, List<SourceEvent> events, SkipCounter skipped, CancellationToken cancellationToken)
    {
        JsonElement? searchAfter = null;
        var lastEmittedNs = from;
        while (true)
        {
            var body = ElasticsearchQueries.Search(options, pit.Current, from, to, searchAfter);
            var response = await SendAsync(TransportHttpMethod.POST, "/_search", body, "search", cancellationToken).ConfigureAwait(false);
            ElasticsearchPage page;
            try
            {
                page = ElasticsearchResponseParser.ParseSearch(response, options.MessageField);
            }
            catch (PartialResultException ex)
            {
                throw new LogSourceException(Name, $"Elasticsearch returned partial results: {ex.Message}. The poll is retried.", isTransient: true, innerException: ex);
            }
            catch (FormatException ex)
            {
                throw HttpSourceErrors.Malformed(Name, "Elasticsearch search", ex.Message, response, ex);
            }

            // Each response may carry a new PIT id. Only the latest one is valid for the next page.
            pit.Current = page.PitId ?? pit.Current;
            foreach (var hit in page.Hits)
            {
                var key = $"{hit.Index}/{hit.Id}";
                if (seen.Contains(key))
                {
                    continue;
                }

                if (events.Count >= maxEvents)
                {
                    return lastEmittedNs;
                }

                events.Add(ToEvent(hit, key, skipped));
                seen.Add(key, hit.Nanoseconds);
                lastEmittedNs = hit.Nanoseconds;
            }

            if (page.Hits.Count < options.PageSize)
            {
                return to;
            }

            searchAfter = page.SearchAfter;
        }
    }

    private SourceEvent ToEvent(ElasticsearchHit hit, string key, SkipCounter skipped)
    {
        if (hit.Message is null)
        {
            skipped.Add(SkipReasons.MessageFieldMissing);
        }

        var fields = new Dictionary<string, string> { ["index"] = hit.Index, ["id"] = hit.Id };
        var time = DateTimeOffset.UnixEpoch.AddTicks(hit.Nanoseconds / NanosecondsPerTick);
        return new SourceEvent(key, RemoteLimits.CapMessage(hit.Message ?? hit.Source, skipped), time, fields);
    }

    private async Task<PitHolder> OpenPointInTimeAsync(CancellationToken cancellationToken)
    {
        var path = $"/{Uri.EscapeDataString(options.Index).Replace("%2A", "*", StringComparison.Ordinal).Replace("%2C", ",", StringComparison.Ordinal)}/_pit?keep_alive={ElasticsearchQueries.KeepAlive(options.PointInTimeKeepAlive)}";
        var body = await SendAsync(TransportHttpMethod.POST, path, null, "open point in time", cancellationToken).ConfigureAwait(false);
        try
        {
            return new PitHolder { Current = ElasticsearchResponseParser.ParsePointInTime(body) };
        }
        catch (FormatException ex)
        {
            throw HttpSourceErrors.Malformed(Name, "Elasticsearch open point in time", ex.Message, body, ex);
        }
    }

    private async Task ClosePointInTimeAsync(string pitId)
    {
        try
        {
            // Not tied to the poll's token: a cancelled poll should still release the server's search context.
            using var timeout = new CancellationTokenSource(options.RequestTimeout);
            await SendAsync(TransportHttpMethod.DELETE, "/_pit", ElasticsearchQueries.ClosePointInTime(pitId), "close point in time", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LogSourceException or OperationCanceledException)
        {
            // The PIT expires on its own after the keep-alive. Failing to close it loses no data.
            LogClosePointInTimeFailed(Name, ex);
        }
    }

    private async Task<string> SendAsync(TransportHttpMethod method, string path, string? body, string what, CancellationToken cancellationToken)
    {
        var postData = body is null ? null : PostData.String(body);
        var response = await transport.RequestAsync<StringResponse>(method, path, postData, cancellationToken).ConfigureAwait(false);
        var details = response.ApiCallDetails;
        var text = response.Body ?? "";
        if (details.HttpStatusCode is not { } status)
        {
            throw new LogSourceException(Name, $"Elasticsearch {what} failed: {details.OriginalException?.Message ?? "no response"}", isTransient: true, innerException: details.OriginalException);
        }

        if (status is >= 200 and < 300)
        {
            if (details.OriginalException is { } productError)
            {
                throw HttpSourceErrors.Malformed(Name, $"Elasticsearch {what}", productError.Message, text, productError);
            }

            if (text.Length > RemoteLimits.MaxResponseBytes)
            {
                throw new LogSourceException(Name, $"The {what} response has {text.Length} characters, more than the limit of {RemoteLimits.MaxResponseBytes}; lower Elasticsearch:PageSize.", isTransient: false);
            }

            return text;
        }

        throw StatusError(status, text, what, RetryAfter(details));
    }

    private LogSourceException StatusError(int status, string body, string what, TimeSpan? retryAfter)
    {
        var type = ElasticsearchResponseParser.ErrorType(body);
        var (transient, advice) = (status, type) switch
        {
            (_, "search_context_missing_exception") => (true, "The point in time expired; the next poll opens a new one."),
            (404, "index_not_found_exception") => (false, "Set Elasticsearch:Index to an existing index or to a pattern with a wildcard."),
            (401 or 403, _) => (false, "Check Elasticsearch:ApiKey or Elasticsearch:Username and Elasticsearch:Password."),
            (429, _) => (true, "The cluster is rejecting requests; the poll is retried after a backoff."),
            (>= 500, _) => (true, "The poll is retried after a backoff."),
            _ => (false, "Fix the source configuration (index, timestamp field, query filter); retrying the same request will fail again."),
        };
        return new LogSourceException(Name, $"Elasticsearch {what} failed with HTTP {status.ToString(CultureInfo.InvariantCulture)} ({type ?? "no error type"}): {HttpSourceErrors.Excerpt(body)} {advice}", transient, retryAfter);
    }

    private static TimeSpan? RetryAfter(ApiCallDetails details) =>
        details.TryGetHeader("Retry-After", out var values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;

    public string? CursorAt(DateTimeOffset time) =>
        new ElasticsearchCursor { Nanoseconds = (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * NanosecondsPerTick }.Serialize();

    private ElasticsearchCursor? ParseCursor(string? text)
    {
        try
        {
            return text is null ? null : ElasticsearchCursor.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new LogSourceException(Name, $"{ex.Message} Reset the cursor of this source to start again from Elasticsearch:InitialLookback.", isTransient: false, innerException: ex);
        }
    }

    private static long ToNanoseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * NanosecondsPerTick;

    private static long ToNanoseconds(TimeSpan span) => span.Ticks * NanosecondsPerTick;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Source {SourceName}: read {EventCount} documents (capped: {Capped})")]
    private partial void LogPolled(string sourceName, int eventCount, bool capped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {SourceName}: closing the point in time failed; it expires on its own")]
    private partial void LogClosePointInTimeFailed(string sourceName, Exception exception);

    /// <summary>The latest PIT id, which a search response may replace.</summary>
    private sealed class PitHolder
    {
        public required string Current { get; set; }
    }
}
