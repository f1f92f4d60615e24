using OrleansAgent.Grains.Hosting;
using OrleansAgent.Grains.Interfaces.Audit;

namespace OrleansAgent.Grains.Audit;

/// <summary>Persisted state of <see cref="AuditLogGrain"/>.</summary>
[GenerateSerializer, Alias("AuditLogState")]
public sealed class AuditLogState
{
    [Id(0)] public List<AuditEntry> Entries { get; set; } = [];
    [Id(1)] public long LastSequence { get; set; }
}

/// <summary>
/// The audit log: who changed what through the admin API, with the state before and after. It keeps the newest
/// <see cref="MaxEntries"/> entries; the oldest go first.
/// </summary>
public sealed class AuditLogGrain(
    [PersistentState("audit", AgentNames.Storage)] IPersistentState<AuditLogState> state) : Grain, IAuditLogGrain
{
    /// <summary>Entries kept. Each holds two JSON documents of at most 4000 characters, so the stored state stays under about 8 MB at worst.</summary>
    public const int MaxEntries = 1000;

    private const int MaxPageSize = 1000;

    public async Task<AuditEntry> RecordAsync(AuditEntry entry)
    {
        var stored = entry with { Sequence = ++state.State.LastSequence };
        state.State.Entries.Add(stored);
        if (state.State.Entries.Count > MaxEntries)
        {
            state.State.Entries.RemoveRange(0, state.State.Entries.Count - MaxEntries);
        }

        await state.WriteStateAsync();
        return stored;
    }

    public Task<AuditPage> QueryAsync(int offset, int limit)
    {
        var entries = state.State.Entries;
        var page = Enumerable.Reverse(entries)
            .Skip(Math.Max(0, offset))
            .Take(Math.Clamp(limit, 1, MaxPageSize))
            .ToImmutableArray();
        return Task.FromResult(new AuditPage(entries.Count, page));
    }
}
