namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>
/// Prefix tree over template tokens that finds a template matching a tokenised line without allocating.
/// Literal children are tried before the variable child, so the most literal template wins.
/// </summary>
internal sealed class TemplateTrie
{
    // Bounds the backtracking over literal and variable branches; past it the caller falls back to the
    // similarity search, which is slower but always finds the same or a more general pattern.
    private const int MaxVisits = 4096;

    private readonly Node _root = new();

    public void Add(Pattern pattern)
    {
        var node = _root;
        foreach (var token in pattern.Tokens)
        {
            node = node.Child(token);
        }

        node.Terminal = pattern;
    }

    public void Remove(Pattern pattern)
    {
        Remove(_root, pattern.Tokens, 0, pattern);
    }

    public Pattern? Find(LineTokenizer line)
    {
        var visits = 0;
        return Find(_root, line, 0, ref visits);
    }

    private static Pattern? Find(Node node, LineTokenizer line, int depth, ref int visits)
    {
        if (++visits > MaxVisits)
        {
            return null;
        }

        if (depth == line.Count)
        {
            return node.Terminal;
        }

        if (!line.IsWildcard(depth) && node.Literals is not null
            && node.LiteralLookup.TryGetValue(line.Token(depth), out var literal))
        {
            var found = Find(literal, line, depth + 1, ref visits);
            if (found is not null)
            {
                return found;
            }
        }

        return node.Wild is null ? null : Find(node.Wild, line, depth + 1, ref visits);
    }

    private static bool Remove(Node node, string[] tokens, int depth, Pattern pattern)
    {
        if (depth == tokens.Length)
        {
            if (ReferenceEquals(node.Terminal, pattern))
            {
                node.Terminal = null;
            }

            return node.IsEmpty;
        }

        var token = tokens[depth];
        var isWild = ReferenceEquals(token, LineTokenizer.Wildcard) || token == LineTokenizer.Wildcard;
        var child = isWild ? node.Wild : node.Literals?.GetValueOrDefault(token);
        if (child is null)
        {
            return false;
        }

        if (Remove(child, tokens, depth + 1, pattern))
        {
            if (isWild)
            {
                node.Wild = null;
            }
            else
            {
                node.Literals!.Remove(token);
            }
        }

        return node.IsEmpty;
    }

    private sealed class Node
    {
        public Dictionary<string, Node>? Literals { get; private set; }

        public Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> LiteralLookup { get; private set; }

        public Node? Wild { get; set; }

        public Pattern? Terminal { get; set; }

        public bool IsEmpty => Terminal is null && Wild is null && (Literals is null || Literals.Count == 0);

        public Node Child(string token)
        {
            if (token == LineTokenizer.Wildcard)
            {
                return Wild ??= new Node();
            }

            if (Literals is null)
            {
                Literals = new Dictionary<string, Node>(StringComparer.Ordinal);
                LiteralLookup = Literals.GetAlternateLookup<ReadOnlySpan<char>>();
            }

            if (!Literals.TryGetValue(token, out var child))
            {
                child = new Node();
                Literals.Add(token, child);
            }

            return child;
        }
    }
}
