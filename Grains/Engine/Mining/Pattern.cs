namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>Mutable state of one pattern inside a miner.</summary>
/// <remarks>
/// A template token is either a literal (which may contain masked values, such as <c>uid=&lt;*&gt;</c> or a
/// bare <c>&lt;*&gt;</c> that only matches masked values) or an open position that matches any token; open
/// positions appear where lines of the pattern disagreed. Both render as <c>&lt;*&gt;</c>.
/// </remarks>
internal sealed class Pattern(string id, string[] tokens, bool[] open, long order)
{
    public string Id { get; } = id;

    public string[] Tokens { get; private set; } = tokens;

    public bool[] Open { get; private set; } = open;

    public string Template { get; private set; } = Render(tokens, open);

    public long Count { get; set; }

    public bool IsProtected { get; set; }

    public long LastSeen { get; set; }

    /// <summary>Creation sequence number; the oldest pattern wins ties.</summary>
    public long Order { get; } = order;

    public int Length => Tokens.Length;

    /// <summary>False once the pattern was merged away or evicted.</summary>
    public bool IsLive { get; set; } = true;

    /// <summary>For a length variant, the pattern whose id and template it shares; null for a pattern itself.</summary>
    public Pattern? Head { get; set; }

    /// <summary>Shapes of other token counts that belong to this pattern (a two-word name where one word was
    /// seen first); they match lines through the trie and report this pattern's id.</summary>
    public List<Pattern> Variants { get; } = [];

    public void Update(string[] tokens, bool[] open)
    {
        Tokens = tokens;
        Open = open;
        Template = Render(tokens, open);
    }

    public MinedPattern ToPublic() => new(Id, Template, Count, IsProtected);

    public PatternState ToState() =>
        new(Id, Template, Count, IsProtected, LastSeen)
        {
            Tokens = ShapeOf(this),
            Variants = Variants.Count == 0 ? null : Variants.Select(ShapeOf).ToList(),
        };

    private static List<string?> ShapeOf(Pattern pattern) =>
        pattern.Tokens.Select((t, i) => pattern.Open[i] ? null : t).ToList();

    private static string Render(string[] tokens, bool[] open)
    {
        var rendered = new string[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            rendered[i] = open[i] ? LineTokenizer.Wildcard : tokens[i];
        }

        return string.Join(' ', rendered);
    }
}
