using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Hosting;
using OrleansAgent.Grains.Incidents.Configuration;
using OrleansAgent.Grains.Interfaces.Incidents;

namespace OrleansAgent.Grains.Incidents;

/// <summary>Persisted state of <see cref="IncidentRegistryGrain"/>.</summary>
[GenerateSerializer, Alias("IncidentRegistryState")]
public sealed class IncidentRegistryState
{
    /// <summary>The latest incident of each fingerprint.</summary>
    [Id(0)] public Dictionary<string, LatestIncident> LatestByFingerprint { get; set; } = [];

    [Id(1)] public Dictionary<string, IncidentSummary> Incidents { get; set; } = [];

    /// <summary>The latest event time of a signal folded into each indexed incident.</summary>
    [Id(2)] public Dictionary<string, DateTimeOffset> LastSeenByIncident { get; set; } = [];
}

/// <summary>The latest incident of a fingerprint and the event time of the signal that opened it.</summary>
[GenerateSerializer, Immutable, Alias("LatestIncident")]
public sealed record LatestIncident(string IncidentId, DateTimeOffset OpenedEventTime);

/// <summary>
/// Turns findings into incidents: a finding whose fingerprint (source, pattern, rule) has an open incident,
/// or one opened within the cooldown, updates it; otherwise a new incident opens.
/// </summary>
public sealed class IncidentRegistryGrain(
    [PersistentState("incidents", AgentNames.Storage)] IPersistentState<IncidentRegistryState> state,
    IOptions<DetectionOptions> options,
    IOptions<IncidentOptions> incidentOptions) : Grain, IIncidentRegistryGrain
{
    private const int MaxPageSize = 1000;
    private const int MaxIndexedIncidents = 20_000;

    public async Task<IncidentSummary> ReportAsync(Finding finding)
    {
        var fingerprint = Fingerprint(finding.Signal);
        var latest = ChooseIncident(fingerprint, finding);

        var summary = await GrainFactory.GetGrain<IIncidentGrain>(latest.IncidentId).RecordAsync(finding, fingerprint);

        state.State.LatestByFingerprint[fingerprint] = latest;
        state.State.Incidents[latest.IncidentId] = summary;
        var lastSeen = finding.Signal.LastSeen;
        if (!state.State.LastSeenByIncident.TryGetValue(latest.IncidentId, out var known) || known < lastSeen)
        {
            state.State.LastSeenByIncident[latest.IncidentId] = lastSeen;
        }

        await ResolveQuietIncidentsAsync(finding.Signal.Source, lastSeen);
        TrimIndex();
        await state.WriteStateAsync();
        return summary;
    }

    /// <summary>
    /// Resolves the incidents of <paramref name="source"/> whose pattern stayed quiet for the auto-resolve time
    /// in event time, now that a finding shows the source reached <paramref name="eventTime"/>. This resolves
    /// incidents during a replay, where the silo clock does not show how long a pattern was quiet.
    /// </summary>
    private async Task ResolveQuietIncidentsAsync(string source, DateTimeOffset eventTime)
    {
        var quietTime = incidentOptions.Value.AutoResolveAfter;
        if (quietTime <= TimeSpan.Zero)
        {
            return;
        }

        var quiet = state.State.Incidents.Values
            .Where(incident => incident.Status != IncidentStatus.Resolved && incident.Source == source)
            .Where(incident => state.State.LastSeenByIncident.TryGetValue(incident.Id, out var lastSeen) && eventTime - lastSeen >= quietTime)
            .Select(incident => incident.Id)
            .ToList();
        foreach (var incidentId in quiet)
        {
            if (await GrainFactory.GetGrain<IIncidentGrain>(incidentId).ResolveIfQuietAsync(eventTime) is { } updated)
            {
                state.State.Incidents[incidentId] = updated;
            }
        }
    }

    public async Task UpdateAsync(IncidentSummary summary)
    {
        state.State.Incidents[summary.Id] = summary;
        await state.WriteStateAsync();
    }

    public Task<IncidentPage> QueryAsync(IncidentQuery query)
    {
        var matches = state.State.Incidents.Values
            .Where(incident => query.Status is null || incident.Status == query.Status)
            .Where(incident => query.MinSeverity is null || incident.Severity >= query.MinSeverity)
            .Where(incident => query.Source is null || incident.Source == query.Source)
            .Where(incident => query.PatternId is null || incident.PatternId == query.PatternId)
            .OrderByDescending(incident => incident.OpenedAt)
            .ThenBy(incident => incident.Id, StringComparer.Ordinal)
            .ToList();
        var page = matches.Skip(Math.Max(0, query.Offset)).Take(Math.Clamp(query.Limit, 1, MaxPageSize)).ToImmutableArray();
        return Task.FromResult(new IncidentPage(matches.Count, page));
    }

    /// <summary>The deduplication key: the same pattern of the same source, and the same rule when a rule fired.</summary>
    public static string Fingerprint(Signal signal) =>
        signal.RuleName is null ? $"{signal.Source}|{signal.PatternId}" : $"{signal.Source}|{signal.PatternId}|rule:{signal.RuleName}";

    private LatestIncident ChooseIncident(string fingerprint, Finding finding)
    {
        if (state.State.LatestByFingerprint.TryGetValue(fingerprint, out var latest)
            && state.State.Incidents.TryGetValue(latest.IncidentId, out var incident)
            && (incident.Status != IncidentStatus.Resolved || WithinCooldown(latest, finding)))
        {
            return latest;
        }

        // Derived from the fingerprint and the first signal, so a signal redelivered after a crash between
        // the incident write and this grain's write lands on the same incident instead of opening a second.
        return new LatestIncident(NewIncidentId(fingerprint, finding.Signal), finding.Signal.LastSeen);
    }

    /// <summary>The cooldown runs in event time, so replayed history opens incidents as live logs would.</summary>
    private bool WithinCooldown(LatestIncident latest, Finding finding) =>
        finding.Signal.LastSeen - latest.OpenedEventTime < options.Value.IncidentCooldown;

    private static string NewIncidentId(string fingerprint, Signal signal)
    {
        var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(fingerprint + "\n" + signal.Id));
        return $"inc-{signal.LastSeen.UtcDateTime:yyyyMMdd-HHmmss}-{hash:x16}";
    }

    private void TrimIndex()
    {
        var excess = state.State.Incidents.Count - MaxIndexedIncidents;
        if (excess <= 0)
        {
            return;
        }

        var oldestResolved = state.State.Incidents.Values
            .Where(incident => incident.Status == IncidentStatus.Resolved)
            .OrderBy(incident => incident.UpdatedAt)
            .Take(excess)
            .Select(incident => incident.Id)
            .ToList();
        foreach (var id in oldestResolved)
        {
            state.State.Incidents.Remove(id);
            state.State.LastSeenByIncident.Remove(id);
        }
    }
}
