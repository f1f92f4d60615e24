namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>
/// Prefix tree over template tokens that finds a template matching a tokenised line without allocating.
/// Literal children are tried before the open child, so the most literal template wins.
/// </summary>
internal sealed class TemplateTrie
{
    // Bounds the backtracking over literal and open branches. Past it the caller falls back to the
    // similarity search, which is slower but finds the same or a more general pattern.
    private const int MaxVisits = 4096;

    private readonly Node _root = new();

    public void Add(Pattern pattern)
    {
        var node = _root;
        for (var i = 0; i < pattern.Length; i++)
        {
            node = pattern.Open[i] ? node.Wild ??= new Node() : node.Literal(pattern.Tokens[i]);
        }

        node.Terminal = pattern;
    }

    public void Remove(Pattern pattern) => Remove(_root, pattern, 0);

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

        if (node.Literals is not null && node.TryGetLiteral(line.Token(depth), out var literal))
        {
            var found = Find(literal, line, depth + 1, ref visits);
            if (found is not null)
            {
                return found;
            }
        }

        return node.Wild is null ? null : Find(node.Wild, line, depth + 1, ref visits);
    }

    private static bool Remove(Node node, Pattern pattern, int depth)
    {
        if (depth == pattern.Length)
        {
            if (ReferenceEquals(node.Terminal, pattern))
            {
                node.Terminal = null;
            }

            return node.IsEmpty;
        }

        var open = pattern.Open[depth];
        var token = pattern.Tokens[depth];
        var child = open ? node.Wild : node.Literals?.GetValueOrDefault(token);
        if (child is null || !Remove(child, pattern, depth + 1))
        {
            return node.IsEmpty;
        }

        if (open)
        {
            node.Wild = null;
        }
        else
        {
            node.Literals!.Remove(token);
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

        // Most nodes have one literal child; comparing with it directly skips hashing the token.
        public bool TryGetLiteral(ReadOnlySpan<char> token, out Node child)
        {
            if (Literals!.Count == 1)
            {
                foreach (var (key, only) in Literals)
                {
                    child = only;
                    return token.SequenceEqual(key);
                }
            }

            return LiteralLookup.TryGetValue(token, out child!);
        }

        public Node Literal(string token)
        {
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
