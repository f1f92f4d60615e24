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

        if (node.TryGetLiteral(line.Token(depth), out var literal))
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
        var child = open ? node.Wild : node.FindLiteral(token);
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
            node.RemoveLiteral(token);
        }

        return node.IsEmpty;
    }

    private sealed class Node
    {
        // Most nodes have a few literal children, which a scan that compares lengths first finds faster than
        // hashing the token. Past SmallCount the children move to a dictionary.
        private const int SmallCount = 8;

        private string[] _keys = [];
        private Node[] _children = [];
        private int _count;
        private Dictionary<string, Node>? _large;
        private Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> _largeLookup;

        public Node? Wild { get; set; }

        public Pattern? Terminal { get; set; }

        public bool IsEmpty => Terminal is null && Wild is null && LiteralCount == 0;

        private int LiteralCount => _large?.Count ?? _count;

        public bool TryGetLiteral(ReadOnlySpan<char> token, out Node child)
        {
            if (_large is not null)
            {
                return _largeLookup.TryGetValue(token, out child!);
            }

            var keys = _keys;
            for (var i = 0; i < _count; i++)
            {
                var key = keys[i];
                if (key.Length == token.Length && token.SequenceEqual(key))
                {
                    child = _children[i];
                    return true;
                }
            }

            child = null!;
            return false;
        }

        public Node? FindLiteral(string token) => TryGetLiteral(token, out var child) ? child : null;

        public Node Literal(string token)
        {
            if (TryGetLiteral(token, out var existing))
            {
                return existing;
            }

            var child = new Node();
            if (_large is not null)
            {
                _large.Add(token, child);
                return child;
            }

            if (_count == SmallCount)
            {
                _large = new Dictionary<string, Node>(StringComparer.Ordinal);
                _largeLookup = _large.GetAlternateLookup<ReadOnlySpan<char>>();
                for (var i = 0; i < _count; i++)
                {
                    _large.Add(_keys[i], _children[i]);
                }

                _large.Add(token, child);
                _keys = [];
                _children = [];
                _count = 0;
                return child;
            }

            if (_count == _keys.Length)
            {
                Array.Resize(ref _keys, Math.Max(1, _count * 2));
                Array.Resize(ref _children, Math.Max(1, _count * 2));
            }

            _keys[_count] = token;
            _children[_count] = child;
            _count++;
            return child;
        }

        public void RemoveLiteral(string token)
        {
            if (_large is not null)
            {
                _large.Remove(token);
                return;
            }

            var index = Array.IndexOf(_keys, token, 0, _count);
            if (index < 0)
            {
                return;
            }

            // Shifting keeps the order of the remaining children, so lookups stay deterministic.
            _count--;
            Array.Copy(_keys, index + 1, _keys, index, _count - index);
            Array.Copy(_children, index + 1, _children, index, _count - index);
            _keys[_count] = null!;
            _children[_count] = null!;
        }
    }
}
