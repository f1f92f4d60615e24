using OrleansAgent.Grains.Incidents.Configuration;
using OrleansAgent.Grains.Interfaces.Incidents;

namespace OrleansAgent.Grains.Incidents;

/// <summary>The times at which an incident grain has work to do: retries, escalation and auto-resolve.</summary>
public static class IncidentDeadlines
{
    /// <summary>
    /// When the incident resolves itself, or null when it never does (resolved, or auto-resolve off). The
    /// quiet time counts from the last signal's <c>LastSeen</c> in event time while the source is live. When that
    /// signal came from history older than <see cref="IncidentOptions.AutoResolveAfter"/> (a replay or a backlog),
    /// its event time is far behind the present, so the quiet time counts from when the signal was recorded.
    /// </summary>
    public static DateTimeOffset? AutoResolveAt(IncidentState state, IncidentOptions options)
    {
        if (options.AutoResolveAfter <= TimeSpan.Zero || state.Summary is not { Status: not IncidentStatus.Resolved } summary)
        {
            return null;
        }

        // State stored before these fields existed has them at their defaults; the summary and finding stand in.
        var recordedAt = state.LastSignalRecordedAt == default ? summary.UpdatedAt : state.LastSignalRecordedAt;
        var lastSeen = state.LastSignalSeen == default ? state.Finding?.Signal.LastSeen ?? recordedAt : state.LastSignalSeen;
        var live = recordedAt - lastSeen < options.AutoResolveAfter;
        return (live ? lastSeen : recordedAt) + options.AutoResolveAfter;
    }

    /// <summary>The earliest pending retry, escalation or auto-resolve, or null when nothing is pending.</summary>
    public static DateTimeOffset? Next(IncidentState state, IncidentOptions options)
    {
        DateTimeOffset? next = null;
        foreach (var item in state.Outbox.Where(item => item.State == OutboxStates.Pending))
        {
            next = Earlier(next, item.NextAttemptAt);
        }

        next = Earlier(next, state.EscalationDueAt);
        return Earlier(next, AutoResolveAt(state, options));
    }

    private static DateTimeOffset? Earlier(DateTimeOffset? current, DateTimeOffset? candidate)
    {
        if (current is null)
        {
            return candidate;
        }

        return candidate is not null && candidate < current ? candidate : current;
    }
}
