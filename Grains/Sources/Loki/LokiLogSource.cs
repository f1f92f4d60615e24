using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using OrleansAgent.Grains.Sources.Remote;

namespace OrleansAgent.Grains.Sources.Loki;

/// <summary>Reads a LogQL log query from Grafana Loki with <c>query_range</c>, walking forward in time.</summary>
/// <remarks>
/// Each poll reads <c>[cursor − overlap, now − settle)</c> in pages. A full page continues at the timestamp of
/// its last line rather than one nanosecond later, because more lines may share that nanosecond. Lines read
/// twice that way, and lines read again in the overlap, are skipped by their hash. A full page that holds a
/// single nanosecond raises the limit up to <see cref="LokiSourceOptions.MaxPageSize"/> and fails the poll
/// beyond that, so no line is ever skipped.
/// </remarks>
public sealed partial class LokiLogSource(string name, LokiSourceOptions options, HttpClient httpClient, TimeProvider timeProvider, ILogger<LokiLogSource> logger)
    : ILogSource
{
    private const long NanosecondsPerTick = 100;

    /// <summary>The maximum number of requests one poll sends before it returns what it has.</summary>
    internal const int MaxRequestsPerPoll = 100;

    public string Name { get; } = name;

    public async Task<SourceBatch> ReadAsync(string? cursor, int maxEvents, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEvents);
        var previous = ParseCursor(cursor);
        var nowNs = ToNanoseconds(timeProvider.GetUtcNow());
        var watermark = Math.Min(previous?.Nanoseconds ?? nowNs - ToNanoseconds(options.InitialLookback), nowNs);
        var overlapNs = ToNanoseconds(options.Overlap);
        var seen = new SeenIds(previous?.Seen);
        var poll = new Poll(maxEvents, seen, new SkipCounter());

        var end = nowNs - ToNanoseconds(options.SettleDelay);
        var reachedNs = await ReadRangeAsync(poll, watermark - overlapNs, end, cancellationToken).ConfigureAwait(false);

        // Every line below the reached point was delivered, so the watermark may move there. It never passes
        // the wall clock, and never moves back.
        var next = new LokiCursor { Nanoseconds = Math.Clamp(reachedNs, watermark, nowNs) };
        next.Seen = seen.Export(next.Nanoseconds - overlapNs);
        LogPolled(Name, poll.Events.Count, poll.Requests, poll.Capped);
        return new SourceBatch(poll.Events, next.Serialize(), poll.Capped, poll.Skipped.ToDictionary());
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Reads <c>[start, end)</c> into <paramref name="poll"/> and returns the time below which every
    /// line was delivered.</summary>
    private async Task<long> ReadRangeAsync(Poll poll, long start, long end, CancellationToken cancellationToken)
    {
        var limit = options.PageSize;
        var maxRangeNs = ToNanoseconds(options.MaxQueryRange);
        while (start < end)
        {
            if (poll.Requests >= MaxRequestsPerPoll)
            {
                poll.Capped = true;
                return start;
            }

            var chunkEnd = Math.Min(end, start + maxRangeNs);
            var entries = await QueryAsync(poll, start, chunkEnd, limit, cancellationToken).ConfigureAwait(false);
            var full = entries.Count >= limit;
            if (full && entries[0].Nanoseconds == entries[^1].Nanoseconds)
            {
                limit = RaiseLimit(limit, entries[0].Nanoseconds);
                continue;
            }

            foreach (var entry in entries)
            {
                if (!poll.TryEmit(entry))
                {
                    return poll.LastEmittedNs;
                }
            }

            // A full page may have more lines at its last timestamp, so the next page starts at that timestamp.
            start = full ? entries[^1].Nanoseconds : chunkEnd;
            limit = full ? limit : options.PageSize;
        }

        return end;
    }

    private int RaiseLimit(int limit, long nanoseconds)
    {
        if (limit >= options.MaxPageSize)
        {
            throw new LogSourceException(
                Name,
                $"More than {options.MaxPageSize} lines share the timestamp {nanoseconds} ns, so the page cannot move forward without skipping lines. " +
                "Raise Loki:MaxPageSize (and the server's max_entries_limit_per_query), or split the query into shards with narrower selectors.",
                isTransient: false);
        }

        return Math.Min(options.MaxPageSize, limit * 2);
    }

    private async Task<List<LokiEntry>> QueryAsync(Poll poll, long start, long end, int limit, CancellationToken cancellationToken)
    {
        poll.Requests++;
        using var request = new HttpRequestMessage(HttpMethod.Get, BuildUri(start, end, limit));
        AddHeaders(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        const string what = "Loki query_range";
        string body;
        try
        {
            using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            body = await HttpSourceErrors.ReadBodyAsync(Name, response, RemoteLimits.MaxResponseBytes, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw HttpSourceErrors.FromStatus(Name, what, response, body, HintFor(body));
            }
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw HttpSourceErrors.FromTransport(Name, what, ex);
        }

        try
        {
            return LokiResponseParser.Parse(body);
        }
        catch (FormatException ex)
        {
            throw HttpSourceErrors.Malformed(Name, what, ex.Message, body, ex);
        }
    }

    private static string? HintFor(string body)
    {
        if (body.Contains("no org id", StringComparison.OrdinalIgnoreCase))
        {
            return "This Loki is multi-tenant: set Loki:TenantId.";
        }

        if (body.Contains("query time range exceeds the limit", StringComparison.OrdinalIgnoreCase))
        {
            return "Set Loki:MaxQueryRange below the server's max_query_length.";
        }

        if (body.Contains("max entries limit", StringComparison.OrdinalIgnoreCase))
        {
            return "Lower Loki:PageSize and Loki:MaxPageSize to the server's max_entries_limit_per_query.";
        }

        return null;
    }

    private Uri BuildUri(long start, long end, int limit)
    {
        var query = new StringBuilder(options.Url.TrimEnd('/'))
            .Append("/loki/api/v1/query_range?query=").Append(Uri.EscapeDataString(options.Query))
            .Append("&start=").Append(start.ToString(CultureInfo.InvariantCulture))
            .Append("&end=").Append(end.ToString(CultureInfo.InvariantCulture))
            .Append("&limit=").Append(limit.ToString(CultureInfo.InvariantCulture))
            .Append("&direction=forward");
        return new Uri(query.ToString());
    }

    private void AddHeaders(HttpRequestMessage request)
    {
        if (!string.IsNullOrEmpty(options.TenantId))
        {
            request.Headers.Add("X-Scope-OrgID", options.TenantId);
        }

        if (!string.IsNullOrEmpty(options.BearerToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.BearerToken);
        }
        else if (!string.IsNullOrEmpty(options.Username))
        {
            var raw = Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(raw));
        }
    }

    public string? CursorAt(DateTimeOffset time) =>
        new LokiCursor { Nanoseconds = (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100 }.Serialize();

    private LokiCursor? ParseCursor(string? text)
    {
        try
        {
            return text is null ? null : LokiCursor.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new LogSourceException(Name, $"{ex.Message} Reset the cursor of this source to start again from Loki:InitialLookback.", isTransient: false, innerException: ex);
        }
    }

    internal static long ToNanoseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * NanosecondsPerTick;

    internal static long ToNanoseconds(TimeSpan span) => span.Ticks * NanosecondsPerTick;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Source {SourceName}: read {EventCount} lines with {RequestCount} requests (capped: {Capped})")]
    private partial void LogPolled(string sourceName, int eventCount, int requestCount, bool capped);

    /// <summary>The state of one poll.</summary>
    private sealed class Poll(int maxEvents, SeenIds seen, SkipCounter skipped)
    {
        public List<SourceEvent> Events { get; } = [];

        public SkipCounter Skipped { get; } = skipped;

        public int Requests { get; set; }

        public bool Capped { get; set; }

        public long LastEmittedNs { get; private set; }

        /// <summary>Adds the entry unless it was delivered before. Returns false when the event cap is reached.</summary>
        public bool TryEmit(LokiEntry entry)
        {
            if (seen.Contains(entry.Hash))
            {
                return true;
            }

            if (Events.Count >= maxEvents)
            {
                Capped = true;
                return false;
            }

            var time = DateTimeOffset.UnixEpoch.AddTicks(entry.Nanoseconds / NanosecondsPerTick);
            Events.Add(new SourceEvent(entry.Hash, RemoteLimits.CapMessage(entry.Line, Skipped), time, entry.Labels));
            seen.Add(entry.Hash, entry.Nanoseconds);
            LastEmittedNs = entry.Nanoseconds;
            return true;
        }
    }
}
