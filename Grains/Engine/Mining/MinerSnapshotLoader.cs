namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>Validates a <see cref="MinerSnapshot"/> and rebuilds a miner from it.</summary>
internal static class MinerSnapshotLoader
{
    public static TemplateMiner Load(MinerSnapshot snapshot, MinerOptions? options)
    {
        if (snapshot.Version != 1)
        {
            throw new ArgumentException($"Miner snapshot version {snapshot.Version} is not supported; this build reads version 1.", nameof(snapshot));
        }

        var idNamespace = snapshot.IdNamespace ?? "";
        if (options is not null && options.IdNamespace != idNamespace)
        {
            throw new ArgumentException(
                $"The snapshot was taken with IdNamespace '{idNamespace}' but the options set '{options.IdNamespace}'; restore with the same namespace so ids stay stable.",
                nameof(options));
        }

        var effective = options ?? new MinerOptions { IdNamespace = idNamespace };
        var miner = new TemplateMiner(effective);
        foreach (var state in snapshot.Patterns ?? [])
        {
            if (state?.Id is null || state.Template is null)
            {
                throw new ArgumentException("Miner snapshot contains a pattern without an id or template.", nameof(snapshot));
            }

            if (miner.Contains(state.Id))
            {
                throw new ArgumentException($"Miner snapshot contains pattern id '{state.Id}' twice.", nameof(snapshot));
            }

            miner.Restore(state);
        }

        foreach (var (fromId, intoId) in snapshot.Aliases ?? new Dictionary<string, string>())
        {
            if (!miner.Contains(intoId))
            {
                throw new ArgumentException($"Miner snapshot alias '{fromId}' points to unknown pattern id '{intoId}'.", nameof(snapshot));
            }

            miner.RestoreAlias(fromId, intoId);
        }

        foreach (var id in snapshot.ProtectedIds ?? [])
        {
            miner.RestoreProtectedId(id);
        }

        foreach (var word in snapshot.ValueWords ?? [])
        {
            miner.RestoreValueWord(word);
        }

        return miner;
    }
}
