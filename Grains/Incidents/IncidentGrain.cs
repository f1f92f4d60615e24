using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Hosting;
using OrleansAgent.Grains.Incidents.Configuration;
using OrleansAgent.Grains.Interfaces.Incidents;

namespace OrleansAgent.Grains.Incidents;

/// <summary>
/// One incident: its lifecycle, timeline, escalation and the outbox of channel deliveries. Everything pending
/// lives in the persisted state. A grain timer fires at the next deadline: a retry, the escalation time or
/// auto-resolve. A reminder does the same after a silo restart, because the timer is gone then.
/// </summary>
public sealed partial class IncidentGrain(
    [PersistentState("incident", AgentNames.Storage)] IPersistentState<IncidentState> state,
    IncidentJournal journal,
    IIncidentDelivery delivery,
    IOptions<IncidentOptions> options,
    TimeProvider timeProvider,
    ILogger<IncidentGrain> logger) : Grain, IIncidentGrain, IRemindable
{
    private const string LifecycleReminderName = "lifecycle";
    private const int SignalIdCapacity = 500;
    private const int TimelineCapacity = 500;

    // A reminder due at once would fire again at once while its work fails; a short floor avoids a busy loop.
    private static readonly TimeSpan MinReminderDue = TimeSpan.FromSeconds(1);

    private IGrainTimer? _timer;

    private IncidentState State => state.State;

    private IncidentOptions Options => options.Value;

    private string IncidentId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        State.Summary is null ? Task.CompletedTask : ScheduleAsync();

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
        State.LastSignalRecordedAt = now;
        State.LastSignalSeen = finding.Signal.LastSeen > State.LastSignalSeen ? finding.Signal.LastSeen : State.LastSignalSeen;
        Remember(finding.Signal.Id);
        AddTimeline(now, eventKind, $"{finding.Signal.Verdict} verdict, {finding.Signal.Count} lines, severity {State.Summary.Severity}: {finding.Title}");
        if (eventKind == IncidentEvents.Reopened)
        {
            State.EscalatedChannels.Clear();
        }

        // A rise in severity is news to the routed channels, and may bring the incident into escalation.
        var severityRose = previous is not null && finding.Severity > previous.Severity;
        var notify = eventKind != IncidentEvents.Updated || severityRose;
        if (notify)
        {
            Enqueue(eventKind, delivery.Route(Details(), eventKind), now);
        }

        ScheduleEscalation(now);
        await state.WriteStateAsync();
        await journal.WriteAsync(eventKind, Details(), CancellationToken.None);
        await ScheduleAsync();
        return State.Summary;
    }

    public Task<IncidentDetails?> GetAsync() => Task.FromResult(State.Summary is null ? null : Details());

    public Task<IncidentSummary?> AcknowledgeAsync(string acknowledgedBy) =>
        State.Summary is { Status: IncidentStatus.Resolved } resolved
            ? Task.FromResult<IncidentSummary?>(resolved)
            : ChangeStatusAsync(IncidentStatus.Acknowledged, IncidentEvents.Acknowledged, $"Acknowledged by {acknowledgedBy}");

    public Task<IncidentSummary?> ResolveAsync(string resolvedBy, string reason) =>
        ChangeStatusAsync(IncidentStatus.Resolved, IncidentEvents.Resolved, $"Resolved by {resolvedBy}: {reason}");

    public async Task<IncidentSummary?> ResolveIfQuietAsync(DateTimeOffset eventTime)
    {
        if (Options.AutoResolveAfter <= TimeSpan.Zero
            || State.Summary is not { Status: not IncidentStatus.Resolved }
            || eventTime - State.LastSignalSeen < Options.AutoResolveAfter)
        {
            return State.Summary;
        }

        LogAutoResolved(IncidentId, Options.AutoResolveAfter);
        return await ChangeStatusAsync(
            IncidentStatus.Resolved,
            IncidentEvents.AutoResolved,
            $"No new signal of the pattern for {Options.AutoResolveAfter} in event time: its source reached {eventTime:O}");
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => TickAsync();

    private async Task TickAsync()
    {
        var now = timeProvider.GetUtcNow();
        await ProcessOutboxAsync(now);
        await EscalateWhenDueAsync(now);
        if (IncidentDeadlines.AutoResolveAt(State, Options) is { } autoResolveAt && autoResolveAt <= now)
        {
            LogAutoResolved(IncidentId, Options.AutoResolveAfter);
            await ChangeStatusAsync(
                IncidentStatus.Resolved, IncidentEvents.AutoResolved, $"No new signal of the pattern for {Options.AutoResolveAfter}");
        }

        await ScheduleAsync();
    }

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
        CancelEscalation(now, eventKind);

        // Channels that were paged hear the acknowledgement and resolution even when no route sends them these.
        var notificationKind = eventKind == IncidentEvents.AutoResolved ? IncidentEvents.Resolved : eventKind;
        Enqueue(notificationKind, delivery.Route(Details(), notificationKind).Union(State.EscalatedChannels, StringComparer.OrdinalIgnoreCase), now);
        await state.WriteStateAsync();

        await journal.WriteAsync(eventKind, Details(), CancellationToken.None);
        await GrainFactory.GetGrain<IIncidentRegistryGrain>(GrainKeys.Cluster).UpdateAsync(State.Summary);
        await ScheduleAsync();
        return State.Summary;
    }

    private void ScheduleEscalation(DateTimeOffset now)
    {
        var escalation = Options.Escalation;
        if (escalation.Channels.Count == 0
            || State.EscalationDueAt is not null
            || State.EscalatedChannels.Count > 0
            || State.Summary is not { Status: IncidentStatus.Open } summary
            || summary.Severity < escalation.MinSeverity)
        {
            return;
        }

        State.EscalationDueAt = now + escalation.After;
        AddTimeline(now, IncidentEvents.EscalationScheduled,
            $"Escalates to {string.Join(", ", escalation.Channels)} at {State.EscalationDueAt:O} unless acknowledged");
    }

    private void CancelEscalation(DateTimeOffset now, string reason)
    {
        if (State.EscalationDueAt is null)
        {
            return;
        }

        State.EscalationDueAt = null;
        AddTimeline(now, IncidentEvents.EscalationCancelled, $"Escalation cancelled: incident {reason}");
    }

    private async Task EscalateWhenDueAsync(DateTimeOffset now)
    {
        if (State.EscalationDueAt is not { } due || due > now)
        {
            return;
        }

        State.EscalationDueAt = null;
        if (State.Summary is not { Status: IncidentStatus.Open })
        {
            await state.WriteStateAsync();
            return;
        }

        var channels = Options.Escalation.Channels;
        State.EscalatedChannels = [.. channels];
        AddTimeline(now, IncidentEvents.Escalated, $"Not acknowledged within {Options.Escalation.After}: paging {string.Join(", ", channels)}");
        Enqueue(IncidentEvents.Escalated, channels.Union(delivery.Route(Details(), IncidentEvents.Escalated), StringComparer.OrdinalIgnoreCase), now);
        await state.WriteStateAsync();
        await journal.WriteAsync(IncidentEvents.Escalated, Details(), CancellationToken.None);
        await ProcessOutboxAsync(now);
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

    private void Enqueue(string eventKind, IEnumerable<string> channels, DateTimeOffset now)
    {
        foreach (var channel in channels)
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

    private async Task ScheduleAsync()
    {
        _timer?.Dispose();
        _timer = null;
        if (IncidentDeadlines.Next(State, Options) is not { } next)
        {
            await UnregisterReminderAsync();
            return;
        }

        var due = next - timeProvider.GetUtcNow();
        _timer = this.RegisterGrainTimer(
            static (grain, _) => grain.TickAsync(),
            this,
            new GrainTimerCreationOptions(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan) { KeepAlive = true });

        // The reminder survives a silo restart; the timer gives the precise short delays a reminder cannot.
        var reminderDue = due < MinReminderDue ? MinReminderDue : due;
        await this.RegisterOrUpdateReminder(LifecycleReminderName, reminderDue, Options.ReminderPeriod);
    }

    private async Task UnregisterReminderAsync()
    {
        var reminder = await this.GetReminder(LifecycleReminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task ProcessOutboxAsync(DateTimeOffset now)
    {
        // Each channel gets the events in order: a resolve that overtook its trigger would leave a PagerDuty
        // alert open, so a later event waits while an earlier one to the same channel is still pending.
        var waiting = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in State.Outbox.Where(item => item.State == OutboxStates.Pending).ToList())
        {
            if (waiting.Contains(item.Channel) || item.NextAttemptAt > now)
            {
                waiting.Add(item.Channel);
                continue;
            }

            await AttemptAsync(item, now);
            await state.WriteStateAsync();
            if (item.State == OutboxStates.Pending)
            {
                waiting.Add(item.Channel);
            }
        }
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
            AddTimeline(now, IncidentEvents.Delivered, $"{item.Event} delivered to {item.Channel} after {item.Attempts} attempts");
            LogDelivered(IncidentId, item.Channel, item.Event, item.Attempts);
            return;
        }

        item.LastError = result.Error;
        if (!result.IsTransient || item.Attempts >= delivery.MaxAttempts)
        {
            item.State = OutboxStates.Failed;
            AddTimeline(now, IncidentEvents.DeliveryFailed, $"{item.Event} to {item.Channel} failed after {item.Attempts} attempts: {result.Error}");
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

    [LoggerMessage(EventId = 1314, EventName = "IncidentAutoResolved", Level = LogLevel.Information,
        Message = "Incident {IncidentId} resolved itself: no new signal for {QuietTime}")]
    private partial void LogAutoResolved(string incidentId, TimeSpan quietTime);
}

/// <summary>
/// Kinds of incident events in timelines and the journal. The notification kinds among them (opened,
/// reopened, updated, escalated, acknowledged, resolved) also go to channels.
/// </summary>
public static class IncidentEvents
{
    public const string Opened = "opened";
    public const string Updated = "updated";
    public const string Reopened = "reopened";
    public const string Escalated = "escalated";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
    public const string AutoResolved = "auto-resolved";
    public const string EscalationScheduled = "escalation-scheduled";
    public const string EscalationCancelled = "escalation-cancelled";
    public const string Delivered = "delivered";
    public const string DeliveryFailed = "delivery-failed";
}
