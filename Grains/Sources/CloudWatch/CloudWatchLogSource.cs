using Microsoft.Extensions.Logging;
using OrleansAgent.Grains.Sources.Remote;

namespace OrleansAgent.Grains.Sources.CloudWatch;

/// <summary>Reads a CloudWatch Logs log group with <c>FilterLogEvents</c>.</summary>
/// <remarks>
/// Each poll reads <c>[cursor − overlap, now − settle)</c> and follows <c>nextToken</c> to the end, including
/// empty pages that still carry a token. Events are deduplicated by <c>(logStreamName, eventId)</c>. Because
/// producers may deliver events well after their timestamp, the overlap grows with the observed ingestion
/// lag (<c>ingestionTime − timestamp</c>) up to <see cref="CloudWatchSourceOptions.MaxOverlap"/>. Events
/// whose lag exceeds the overlap in use are counted, since events like them that arrive later are missed.
/// </remarks>
public sealed partial class CloudWatchLogSource : ILogSource
{
    private const double LagDecay = 0.9;

    private readonly CloudWatchSourceOptions _options;
    private readonly CloudWatchClient _client;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CloudWatchLogSource> _logger;

    public CloudWatchLogSource(string name, CloudWatchSourceOptions options, HttpClient httpClient, TimeProvider timeProvider, ILogger<CloudWatchLogSource> logger)
    {
        Name = name;
        _options = options;
        _client = new CloudWatchClient(name, options, httpClient, timeProvider);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public string Name { get; }

    public async Task<SourceBatch> ReadAsync(string? cursor, int maxEvents, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEvents);
        var previous = ParseCursor(cursor);
        var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var watermark = Math.Min(previous?.Milliseconds ?? nowMs - (long)_options.InitialLookback.TotalMilliseconds, nowMs);
        var overlapMs = OverlapMilliseconds(previous?.LagMilliseconds ?? 0);
        var poll = new Poll(maxEvents, new SeenIds(previous?.Seen), new SkipCounter(), overlapMs);

        // endTime is inclusive in FilterLogEvents, so the exclusive bound is one millisecond above it.
        var end = nowMs - (long)_options.SettleDelay.TotalMilliseconds;
        var start = watermark - overlapMs;
        var reached = start < end ? await ReadRangeAsync(poll, start, end, cancellationToken).ConfigureAwait(false) : end;

        var next = new CloudWatchCursor
        {
            Milliseconds = Math.Clamp(reached, watermark, nowMs),
            LagMilliseconds = Math.Max(poll.MaxLagMs, (long)((previous?.LagMilliseconds ?? 0) * LagDecay)),
        };
        next.Seen = poll.Seen.Export(next.Milliseconds - OverlapMilliseconds(next.LagMilliseconds));
        if (poll.Skipped.ToDictionary()?.ContainsKey(SkipReasons.LateBeyondOverlap) == true)
        {
            LogLagBeyondOverlap(Name, poll.MaxLagMs, overlapMs);
        }

        return new SourceBatch(poll.Events, next.Serialize(), poll.Capped, poll.Skipped.ToDictionary());
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Reads <c>[start, end)</c>. Returns <paramref name="end"/> when every page was read, otherwise
    /// the timestamp below which every event was delivered.</summary>
    private async Task<long> ReadRangeAsync(Poll poll, long start, long end, CancellationToken cancellationToken)
    {
        string? token = null;
        var lastProcessedMs = start;
        for (var page = 0; page < _options.MaxPagesPerPoll; page++)
        {
            var result = await _client.FilterLogEventsAsync(start, end - 1, token, cancellationToken).ConfigureAwait(false);
            foreach (var item in result.Events)
            {
                if (!poll.TryEmit(item, _options.LogGroupName))
                {
                    return poll.LastEmittedMs;
                }

                lastProcessedMs = Math.Max(lastProcessedMs, item.Timestamp);
            }

            if (result.NextToken is null)
            {
                return end;
            }

            // The service has returned the same token twice on empty pages. Paging on is safe because the
            // page cap bounds the loop.
            if (result.NextToken == token)
            {
                poll.Skipped.Add(SkipReasons.RepeatedNextToken);
            }

            token = result.NextToken;
        }

        // Out of pages: events are ordered by timestamp, so everything below the last one processed was seen.
        poll.Capped = true;
        return lastProcessedMs;
    }

    private long OverlapMilliseconds(long lagMs)
    {
        var min = (long)_options.Overlap.TotalMilliseconds;
        var max = (long)_options.MaxOverlap.TotalMilliseconds;
        return Math.Clamp(2 * lagMs, min, Math.Max(min, max));
    }

    public string? CursorAt(DateTimeOffset time) =>
        new CloudWatchCursor { Milliseconds = time.ToUnixTimeMilliseconds() }.Serialize();

    private CloudWatchCursor? ParseCursor(string? text)
    {
        try
        {
            return text is null ? null : CloudWatchCursor.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new LogSourceException(Name, $"{ex.Message} Reset the cursor of this source to start again from CloudWatch:InitialLookback.", isTransient: false, innerException: ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {SourceName}: ingestion lag of {LagMs} ms exceeds the overlap of {OverlapMs} ms; events that arrive this late are missed. Raise CloudWatch:MaxOverlap")]
    private partial void LogLagBeyondOverlap(string sourceName, long lagMs, long overlapMs);

    /// <summary>The state of one poll.</summary>
    private sealed class Poll(int maxEvents, SeenIds seen, SkipCounter skipped, long overlapMs)
    {
        public List<SourceEvent> Events { get; } = [];

        public SeenIds Seen { get; } = seen;

        public SkipCounter Skipped { get; } = skipped;

        public bool Capped { get; set; }

        public long LastEmittedMs { get; private set; }

        public long MaxLagMs { get; private set; }

        /// <summary>Adds the event unless it was delivered before. Returns false when the cap is reached.</summary>
        public bool TryEmit(CloudWatchEvent item, string logGroup)
        {
            var key = $"{item.Stream}/{item.EventId}";
            if (Seen.Contains(key))
            {
                return true;
            }

            if (Events.Count >= maxEvents)
            {
                Capped = true;
                return false;
            }

            if (item.IngestionTime is { } ingested)
            {
                var lag = ingested - item.Timestamp;
                MaxLagMs = Math.Max(MaxLagMs, lag);
                if (lag > overlapMs)
                {
                    Skipped.Add(SkipReasons.LateBeyondOverlap);
                }
            }

            var fields = new Dictionary<string, string> { ["logGroup"] = logGroup, ["logStream"] = item.Stream };
            Events.Add(new SourceEvent(key, RemoteLimits.CapMessage(item.Message, Skipped), DateTimeOffset.FromUnixTimeMilliseconds(item.Timestamp), fields));
            Seen.Add(key, item.Timestamp);
            LastEmittedMs = item.Timestamp;
            return true;
        }
    }
}
