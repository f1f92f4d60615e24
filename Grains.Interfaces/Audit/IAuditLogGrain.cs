namespace OrleansAgent.Grains.Interfaces.Audit;

/// <summary>The bounded audit log of operator changes, keyed by <see cref="GrainKeys.Cluster"/>.</summary>
[Alias("IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>Appends <paramref name="entry"/> (its sequence number is assigned here) and returns it.</summary>
    [Alias("RecordAsync")]
    Task<AuditEntry> RecordAsync(AuditEntry entry);

    /// <summary>Returns one page of entries, newest first.</summary>
    [Alias("QueryAsync")]
    Task<AuditPage> QueryAsync(int offset, int limit);
}

/// <summary>One change made through the admin API.</summary>
/// <param name="Sequence">Increasing number, assigned by the log.</param>
/// <param name="At">When the change was made.</param>
/// <param name="Actor">The API key name, or <c>anonymous@loopback</c> without keys.</param>
/// <param name="Action">HTTP method and route pattern, such as <c>PATCH /api/patterns/{id}</c>.</param>
/// <param name="Target">The id of what changed, such as a pattern id or rule name.</param>
/// <param name="Before">The state before the change as JSON, or <c>null</c> when it did not exist.</param>
/// <param name="After">The state after the change as JSON, or <c>null</c> when it was deleted.</param>
[GenerateSerializer, Immutable, Alias("AuditEntry")]
public sealed record AuditEntry(long Sequence, DateTimeOffset At, string Actor, string Action, string? Target, string? Before, string? After);

/// <summary>One page of audit entries and the number the log holds.</summary>
[GenerateSerializer, Immutable, Alias("AuditPage")]
public sealed record AuditPage(int Total, ImmutableArray<AuditEntry> Items);
