using OrleansAgent.Grains.Incidents;
using OrleansAgent.Grains.Incidents.Configuration;
using OrleansAgent.Grains.Interfaces.Incidents;

namespace OrleansAgent.Tests.Incidents;

/// <summary>The auto-resolve rule: event time for live signals, record time for replayed history.</summary>
public sealed class IncidentDeadlinesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly IncidentOptions Options = new() { AutoResolveAfter = TimeSpan.FromHours(2) };

    private static IncidentState State(IncidentStatus status, DateTimeOffset lastSeen, DateTimeOffset recordedAt) => new()
    {
        Summary = new IncidentSummary("inc-1", "payments|p-1", "t", Severity.High, status, "payments", "p-1", Verdict.Unknown,
            recordedAt, recordedAt, 1, 10, true),
        LastSignalSeen = lastSeen,
        LastSignalRecordedAt = recordedAt,
    };

    [Fact]
    public void AutoResolveUsesEventTimeWhenLive()
    {
        var state = State(IncidentStatus.Open, lastSeen: Now.AddMinutes(-3), recordedAt: Now);

        var at = IncidentDeadlines.AutoResolveAt(state, Options);

        Assert.Equal(Now.AddMinutes(-3) + Options.AutoResolveAfter, at);
    }

    [Fact]
    public void AutoResolveUsesRecordTimeWhenReplayed()
    {
        var state = State(IncidentStatus.Acknowledged, lastSeen: Now.AddDays(-3), recordedAt: Now);

        var at = IncidentDeadlines.AutoResolveAt(state, Options);

        Assert.Equal(Now + Options.AutoResolveAfter, at);
    }

    [Fact]
    public void AutoResolveIsOffForResolvedIncident()
    {
        var state = State(IncidentStatus.Resolved, lastSeen: Now, recordedAt: Now);

        Assert.Null(IncidentDeadlines.AutoResolveAt(state, Options));
    }

    [Fact]
    public void AutoResolveIsOffWhenZero()
    {
        var state = State(IncidentStatus.Open, lastSeen: Now, recordedAt: Now);

        Assert.Null(IncidentDeadlines.AutoResolveAt(state, new IncidentOptions { AutoResolveAfter = TimeSpan.Zero }));
    }

    [Fact]
    public void NextDeadlineIsEarliestPending()
    {
        var state = State(IncidentStatus.Open, lastSeen: Now, recordedAt: Now);
        state.EscalationDueAt = Now.AddMinutes(15);
        state.Outbox.Add(new OutboxItem { Channel = "ops", State = OutboxStates.Pending, NextAttemptAt = Now.AddMinutes(20) });
        state.Outbox.Add(new OutboxItem { Channel = "ops", State = OutboxStates.Delivered, NextAttemptAt = Now.AddMinutes(1) });

        Assert.Equal(Now.AddMinutes(15), IncidentDeadlines.Next(state, Options));
    }

    [Fact]
    public void AutoResolveUsesSummaryForStateWithoutSignalTimes()
    {
        var state = State(IncidentStatus.Open, lastSeen: default, recordedAt: default);
        state.Summary = state.Summary! with { UpdatedAt = Now };

        var at = IncidentDeadlines.AutoResolveAt(state, Options);

        Assert.Equal(Now + Options.AutoResolveAfter, at);
    }
}
