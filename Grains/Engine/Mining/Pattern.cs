namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>Mutable state of one pattern inside a miner.</summary>
internal sealed class Pattern(string id, string[] tokens, long order)
{
    public string Id { get; } = id;

    /// <summary>Template tokens; variables are the shared <see cref="LineTokenizer.Wildcard"/> instance.</summary>
    public string[] Tokens { get; private set; } = tokens;

    public string Template { get; private set; } = string.Join(' ', tokens);

    public long Count { get; set; }

    public bool IsProtected { get; set; }

    public long LastSeen { get; set; }

    /// <summary>Creation sequence number; the oldest pattern wins ties.</summary>
    public long Order { get; } = order;

    public void SetTokens(string[] tokens)
    {
        Tokens = tokens;
        Template = string.Join(' ', tokens);
    }

    public MinedPattern ToPublic() => new(Id, Template, Count, IsProtected);
}
