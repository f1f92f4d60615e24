using OrleansAgent.Grains.Hosting;
using OrleansAgent.Grains.Interfaces.Incidents;

namespace OrleansAgent.Grains.Incidents;

/// <summary>
/// One incident: its lifecycle, timeline and the outbox of channel deliveries. The outbox lives in the
/// persisted state; a grain timer retries due deliveries and a reminder wakes the grain after a restart
/// while deliveries are pending.
/// </summary>
public sealed partial class IncidentGrain(
    [PersistentState("incident", AgentNames.Storage)] IPersistentState<IncidentState> state,
    IncidentJournal journal,
    IIncidentDelivery delivery,
    TimeProvider timeProvider,
    ILogger<IncidentGrain> logger) : Grain, IIncidentGrain, IRemindable
{
    private const string OutboxReminderName = "outbox";
    private const int SignalIdCapacity = 500;
    private const int TimelineCapacity = 500;
    private static readonly TimeSpan OutboxReminderPeriod = TimeSpan.FromMinutes(1);

    private IGrainTimer? _outboxTimer;

    private IncidentState State => state.State;

    private string IncidentId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (HasPendingDeliveries())
        {
            await ScheduleOutboxAsync();
        }
    }

    public async Task<IncidentSummary> RecordAsync(Finding finding, string fingerprint)
    {
        if (State.Summary is { } known && State.SignalIds.Contains(finding.Signal.Id))
        {
            return known;
        }

        var now = timeProvider.GetUtcNow();
        var previous = State.Summary;
        var eventKind = previous is null ? IncidentEvents.Opened
            : previous.Status == IncidentStatus.Resolved ? IncidentEvents.Reopened
            : IncidentEvents.Updated;

        State.Summary = previous is null
            ? Open(finding, fingerprint, now)
            : FoldIn(previous, finding, now);
        State.Finding = finding;
        Remember(finding.Signal.Id);
        AddTimeline(now, eventKind, $"{finding.Signal.Verdict} verdict, {finding.Signal.Count} lines: {finding.Title}");

        var severityRose = previous is not null && finding.Severity > previous.Severity;
        var notify = eventKind != IncidentEvents.Updated || severityRose;
        if (notify)
        {
            Enqueue(severityRose && eventKind == IncidentEvents.Updated ? IncidentEvents.Escalated : eventKind, now);
        }

        await state.WriteStateAsync();
        await journal.WriteAsync(eventKind, Details(), CancellationToken.None);
        if (notify)
        {
            await ScheduleOutboxAsync();
        }

        return State.Summary;
    }

    public Task<IncidentDetails?> GetAsync() => Task.FromResult(State.Summary is null ? null : Details());

    public Task<IncidentSummary?> AcknowledgeAsync(string acknowledgedBy) =>
        ChangeStatusAsync(IncidentStatus.Acknowledged, IncidentEvents.Acknowledged, $"Acknowledged by {acknowledgedBy}");

    public Task<IncidentSummary?> ResolveAsync(string resolvedBy, string reason) =>
        ChangeStatusAsync(IncidentStatus.Resolved, IncidentEvents.Resolved, $"Resolved by {resolvedBy}: {reason}");

    public Task ReceiveReminder(string reminderName, TickStatus status) => ProcessOutboxAsync();

    private async Task<IncidentSummary?> ChangeStatusAsync(IncidentStatus status, string eventKind, string message)
    {
        if (State.Summary is not { } summary)
        {
            return null;
        }

        if (summary.Status == status)
        {
            return summary;
        }

        var now = timeProvider.GetUtcNow();
        State.Summary = summary with { Status = status, UpdatedAt = now };
        AddTimeline(now, eventKind, message);
        Enqueue(eventKind, now);
        await state.WriteStateAsync();

        await journal.WriteAsync(eventKind, Details(), CancellationToken.None);
        await GrainFactory.GetGrain<IIncidentRegistryGrain>(GrainKeys.Cluster).UpdateAsync(State.Summary);
        await ScheduleOutboxAsync();
        return State.Summary;
    }

    private IncidentSummary Open(Finding finding, string fingerprint, DateTimeOffset now)
    {
        var signal = finding.Signal;
        return new IncidentSummary(
            IncidentId, fingerprint, finding.Title, finding.Severity, IncidentStatus.Open, signal.Source, signal.PatternId,
            signal.Verdict, now, now, Occurrences: 1, LineCount: signal.Count, finding.IsDeterministic,
            FirstEventTime: signal.WindowStart ?? signal.LastSeen);
    }

    private static IncidentSummary FoldIn(IncidentSummary summary, Finding finding, DateTimeOffset now) => summary with
    {
        Status = summary.Status == IncidentStatus.Resolved ? IncidentStatus.Open : summary.Status,
        Severity = finding.Severity > summary.Severity ? finding.Severity : summary.Severity,
        UpdatedAt = now,
        Occurrences = summary.Occurrences + 1,
        LineCount = summary.LineCount + finding.Signal.Count,
    };

    private void Remember(string signalId)
    {
        State.SignalIds.Add(signalId);
        if (State.SignalIds.Count > SignalIdCapacity)
        {
            State.SignalIds.RemoveRange(0, State.SignalIds.Count - SignalIdCapacity);
        }
    }

    private void AddTimeline(DateTimeOffset at, string kind, string message)
    {
        State.Timeline.Add(new TimelineEntry(at, kind, message));
        if (State.Timeline.Count > TimelineCapacity)
        {
            // The first entry records the opening and is kept.
            State.Timeline.RemoveAt(1);
        }
    }

    private void Enqueue(string eventKind, DateTimeOffset now)
    {
        foreach (var channel in delivery.Route(Details(), eventKind))
        {
            State.Outbox.Add(new OutboxItem { Channel = channel, Event = eventKind, CreatedAt = now, NextAttemptAt = now });
        }
    }

    private IncidentDetails Details() => new(
        State.Summary!,
        State.Finding!,
        [.. State.Timeline],
        [.. State.Outbox.Select(item => new DeliveryStatus(
            item.Channel, item.Event, item.State, item.Attempts, item.LastAttemptAt, item.DeliveredAt,
            item.State == OutboxStates.Pending ? item.NextAttemptAt : null, item.LastError))]);

    private bool HasPendingDeliveries() => State.Outbox.Exists(item => item.State == OutboxStates.Pending);

    private async Task ScheduleOutboxAsync()
    {
        if (!HasPendingDeliveries())
        {
            await UnregisterOutboxReminderAsync();
            return;
        }

        var due = State.Outbox.Where(item => item.State == OutboxStates.Pending).Min(item => item.NextAttemptAt) - timeProvider.GetUtcNow();
        _outboxTimer?.Dispose();
        _outboxTimer = this.RegisterGrainTimer(
            static (grain, cancellationToken) => grain.ProcessOutboxAsync(),
            this,
            new GrainTimerCreationOptions(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan) { KeepAlive = true });

        // The reminder survives a silo restart; the timer gives the short retry delays a reminder cannot.
        await this.RegisterOrUpdateReminder(OutboxReminderName, OutboxReminderPeriod, OutboxReminderPeriod);
    }

    private async Task UnregisterOutboxReminderAsync()
    {
        var reminder = await this.GetReminder(OutboxReminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task ProcessOutboxAsync()
    {
        var now = timeProvider.GetUtcNow();
        foreach (var item in State.Outbox.Where(item => item.State == OutboxStates.Pending && item.NextAttemptAt <= now).ToList())
        {
            await AttemptAsync(item, now);
            await state.WriteStateAsync();
        }

        await ScheduleOutboxAsync();
    }

    private async Task AttemptAsync(OutboxItem item, DateTimeOffset now)
    {
        item.Attempts++;
        item.LastAttemptAt = now;
        ChannelDeliveryResult result;
        try
        {
            result = await delivery.DeliverAsync(item.Channel, Details(), item.Event, CancellationToken.None);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
        {
            result = new ChannelDeliveryResult(false, true, exception.GetType().Name + ": " + exception.Message, null);
        }

        if (result.Success)
        {
            item.State = OutboxStates.Delivered;
            item.DeliveredAt = now;
            item.LastError = null;
            LogDelivered(IncidentId, item.Channel, item.Event, item.Attempts);
            return;
        }

        item.LastError = result.Error;
        if (!result.IsTransient || item.Attempts >= delivery.MaxAttempts)
        {
            item.State = OutboxStates.Failed;
            LogDeliveryFailed(IncidentId, item.Channel, item.Event, item.Attempts, result.Error);
            return;
        }

        var delay = delivery.RetryDelay(item.Attempts);
        item.NextAttemptAt = now + (result.RetryAfter is { } retryAfter && retryAfter > delay ? retryAfter : delay);
        LogDeliveryRetry(IncidentId, item.Channel, item.Event, item.Attempts, item.NextAttemptAt, result.Error);
    }

    [LoggerMessage(EventId = 1311, EventName = "IncidentDelivered", Level = LogLevel.Information,
        Message = "Incident {IncidentId} {Event} delivered to channel {Channel} after {Attempts} attempts")]
    private partial void LogDelivered(string incidentId, string channel, string @event, int attempts);

    [LoggerMessage(EventId = 1312, EventName = "IncidentDeliveryRetry", Level = LogLevel.Warning,
        Message = "Incident {IncidentId} {Event} to channel {Channel} failed (attempt {Attempts}), retrying at {NextAttemptAt}: {Error}")]
    private partial void LogDeliveryRetry(string incidentId, string channel, string @event, int attempts, DateTimeOffset nextAttemptAt, string? error);

    [LoggerMessage(EventId = 1313, EventName = "IncidentDeliveryFailed", Level = LogLevel.Error,
        Message = "Incident {IncidentId} {Event} to channel {Channel} failed for good after {Attempts} attempts: {Error}")]
    private partial void LogDeliveryFailed(string incidentId, string channel, string @event, int attempts, string? error);
}

/// <summary>Kinds of incident events in timelines, the journal and notifications.</summary>
public static class IncidentEvents
{
    public const string Opened = "opened";
    public const string Updated = "updated";
    public const string Reopened = "reopened";
    public const string Escalated = "escalated";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
}
