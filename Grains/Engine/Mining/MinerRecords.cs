namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>The pattern a line was assigned to.</summary>
/// <param name="PatternId">The canonical id after merges.</param>
/// <param name="Template">The current template, with variables written <c>&lt;*&gt;</c>.</param>
/// <param name="IsNew">True when this line created the pattern.</param>
public readonly record struct MineResult(string PatternId, string Template, bool IsNew);

/// <summary>A pattern in its current state.</summary>
/// <param name="Id">The stable id.</param>
/// <param name="Template">The current template.</param>
/// <param name="Count">Lines added to this pattern, including lines of patterns merged into it.</param>
/// <param name="IsProtected">True when the pattern is exempt from eviction.</param>
public sealed record MinedPattern(string Id, string Template, long Count, bool IsProtected);

/// <summary>Two patterns became one: lines of <paramref name="FromId"/> now belong to <paramref name="IntoId"/>.</summary>
/// <param name="FromId">The id that stops existing; it stays resolvable as an alias.</param>
/// <param name="IntoId">The surviving id.</param>
/// <param name="Template">The template of the surviving pattern after the merge.</param>
public sealed record PatternMerge(string FromId, string IntoId, string Template);

/// <summary>The whole learned state of a miner; serialisable with System.Text.Json.</summary>
/// <param name="Version">Format version, currently 1.</param>
/// <param name="IdNamespace">The namespace the ids were derived with.</param>
/// <param name="Patterns">The patterns in creation order.</param>
/// <param name="Aliases">Merged-away id to surviving id.</param>
public sealed record MinerSnapshot(
    int Version,
    string IdNamespace,
    IReadOnlyList<PatternState> Patterns,
    IReadOnlyDictionary<string, string> Aliases)
{
    /// <summary>Ids marked protected before any pattern with that id existed.</summary>
    public IReadOnlyList<string> ProtectedIds { get; init; } = [];

    /// <summary>Plain words learned as values of name slots (user names and the like), in ordinal order.</summary>
    public IReadOnlyList<string> ValueWords { get; init; } = [];
}

/// <summary>One pattern inside a <see cref="MinerSnapshot"/>.</summary>
/// <param name="Id">The stable id.</param>
/// <param name="Template">The template; tokens separated by single spaces.</param>
/// <param name="Count">Lines added, merged patterns included.</param>
/// <param name="IsProtected">True when the pattern is exempt from eviction.</param>
/// <param name="LastSeen">Sequence number of the last line added, used to break eviction ties.</param>
public sealed record PatternState(string Id, string Template, long Count, bool IsProtected, long LastSeen)
{
    /// <summary>The template tokens, with null at open positions (where lines disagreed, matching any token);
    /// a <c>&lt;*&gt;</c> token only matches masked values. When absent, every <c>&lt;*&gt;</c> of
    /// <see cref="Template"/> is taken as open.</summary>
    public IReadOnlyList<string?>? Tokens { get; init; }

    /// <summary>Token shapes of other lengths that report this pattern, in the form of <see cref="Tokens"/>.</summary>
    public IReadOnlyList<IReadOnlyList<string?>>? Variants { get; init; }
}
