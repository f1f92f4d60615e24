namespace OrleansAgent.Grains.Sources.Polling;

public sealed partial class SourcePollerGrain
{
    [LoggerMessage(EventId = 1501, EventName = "PollFailed", Level = LogLevel.Warning,
        Message = "Poll of source {PollerKey} failed ({Failures} in a row); cursor kept, next attempt in {Backoff}")]
    private partial void LogPollFailed(Exception exception, string pollerKey, int failures, TimeSpan backoff);

    [LoggerMessage(EventId = 1506, EventName = "PollCrashed", Level = LogLevel.Error,
        Message = "Poll of source {PollerKey} failed unexpectedly; the poller reloads its saved state and retries")]
    private partial void LogPollCrashed(Exception exception, string pollerKey);

    [LoggerMessage(EventId = 1507, EventName = "SourceNoLongerConfigured", Level = LogLevel.Warning,
        Message = "Source {PollerKey} has stored state but is no longer configured under Agent:Sources; its poller stops")]
    private partial void LogSourceNoLongerConfigured(string pollerKey);

    [LoggerMessage(EventId = 1508, EventName = "SourceRewound", Level = LogLevel.Information,
        Message = "Source {PollerKey} rewound to {From} (until {Until}, training: {Train})")]
    private partial void LogRewound(string pollerKey, DateTimeOffset from, DateTimeOffset? until, bool train);

    [LoggerMessage(EventId = 1509, EventName = "BackfillDone", Level = LogLevel.Information,
        Message = "Source {PollerKey} finished its rewind after {Events} events ({Skipped} dated before the start)")]
    private partial void LogBackfillDone(string pollerKey, long events, long skipped);

    [LoggerMessage(EventId = 1502, EventName = "FinishingInterruptedPoll", Level = LogLevel.Information,
        Message = "Source {PollerKey}: finishing poll {Sequence} that was interrupted before its cursor was saved")]
    private partial void LogFinishingInterruptedPoll(string pollerKey, long sequence);

    [LoggerMessage(EventId = 1503, EventName = "HistoryDone", Level = LogLevel.Information,
        Message = "Source {PollerKey} caught up with its history after {Lines} lines; live lines now follow the cluster mode")]
    private partial void LogHistoryDone(string pollerKey, long lines);

    [LoggerMessage(EventId = 1504, EventName = "PausedChanged", Level = LogLevel.Information,
        Message = "Source {PollerKey} paused: {Paused}")]
    private partial void LogPausedChanged(string pollerKey, bool paused);

    [LoggerMessage(EventId = 1505, EventName = "PatternsMerged", Level = LogLevel.Information,
        Message = "Source {PollerKey}: pattern {FromId} merged into {IntoId}")]
    private partial void LogPatternsMerged(string pollerKey, string fromId, string intoId);
}
