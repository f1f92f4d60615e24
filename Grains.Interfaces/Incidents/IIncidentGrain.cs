namespace OrleansAgent.Grains.Interfaces.Incidents;

/// <summary>One incident, keyed by its id.</summary>
[Alias("IIncidentGrain")]
public interface IIncidentGrain : IGrainWithStringKey
{
    /// <summary>Opens the incident from its first finding, or folds a later finding into it. A finding whose
    /// signal was folded before is ignored, so a redelivered signal is not counted twice.</summary>
    [Alias("RecordAsync")]
    Task<IncidentSummary> RecordAsync(Finding finding, string fingerprint);

    /// <summary>Returns the incident, or <c>null</c> when it does not exist.</summary>
    [Alias("GetAsync")]
    Task<IncidentDetails?> GetAsync();

    /// <summary>Acknowledges the incident, which stops escalation.</summary>
    [Alias("AcknowledgeAsync")]
    Task<IncidentSummary?> AcknowledgeAsync(string acknowledgedBy);

    /// <summary>
    /// Resolves the incident when no signal of its pattern arrived for the auto-resolve time before
    /// <paramref name="eventTime"/>, the latest event time its source reached. Returns the incident either way,
    /// or <c>null</c> when it does not exist.
    /// </summary>
    [Alias("ResolveIfQuietAsync")]
    Task<IncidentSummary?> ResolveIfQuietAsync(DateTimeOffset eventTime);

    /// <summary>Resolves the incident, which stops escalation.</summary>
    [Alias("ResolveAsync")]
    Task<IncidentSummary?> ResolveAsync(string resolvedBy, string reason);
}

/// <summary>
/// Deduplicates findings into incidents by fingerprint and indexes incidents for listings.
/// Keyed by <see cref="GrainKeys.Cluster"/>.
/// </summary>
[Alias("IIncidentRegistryGrain")]
public interface IIncidentRegistryGrain : IGrainWithStringKey
{
    /// <summary>Routes <paramref name="finding"/> to the open incident of its fingerprint, or opens one.</summary>
    [Alias("ReportAsync")]
    Task<IncidentSummary> ReportAsync(Finding finding);

    /// <summary>Replaces the index row of an incident after its state changed.</summary>
    /// <remarks>One-way: an incident grain calls it while the registry may be waiting on that incident in
    /// <see cref="ReportAsync"/>, and an awaited call would deadlock the two until the call timed out.</remarks>
    [Alias("UpdateAsync"), Orleans.Concurrency.OneWay]
    Task UpdateAsync(IncidentSummary summary);

    /// <summary>Returns one page of incidents, newest first.</summary>
    [Alias("QueryAsync")]
    Task<IncidentPage> QueryAsync(IncidentQuery query);
}
