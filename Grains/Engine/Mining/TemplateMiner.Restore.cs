namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>Rebuilding state from a <see cref="MinerSnapshot"/>; called by <see cref="MinerSnapshotLoader"/>.</summary>
public sealed partial class TemplateMiner
{
    internal void Restore(PatternState state)
    {
        string[] tokens;
        bool[] open;
        if (state.Tokens is not null)
        {
            tokens = state.Tokens.Select(t => t ?? LineTokenizer.Wildcard).ToArray();
            open = state.Tokens.Select(t => t is null).ToArray();
        }
        else
        {
            tokens = state.Template.Length == 0 ? [] : state.Template.Split(' ');
            open = tokens.Select(t => t == LineTokenizer.Wildcard).ToArray();
        }

        var pattern = new Pattern(state.Id, tokens, open, _nextOrder++)
        {
            Count = state.Count,
            IsProtected = state.IsProtected,
            LastSeen = state.LastSeen,
        };
        if (state.IsProtected)
        {
            _protectedIds.Add(state.Id);
        }

        _sequence = Math.Max(_sequence, state.LastSeen);
        Register(pattern);
        foreach (var shape in state.Variants ?? [])
        {
            AddVariant(pattern, shape.Select(t => t ?? LineTokenizer.Wildcard).ToArray(), shape.Select(t => t is null).ToArray());
        }
    }

    internal void RestoreAlias(string fromId, string intoId) => _aliases[fromId] = intoId;

    internal void RestoreProtectedId(string id) => _protectedIds.Add(id);

    internal void RestoreValueWord(string word) => _matcher.AddValueWord(word);

    internal bool Contains(string id) => _patterns.ContainsKey(id);
}
