namespace OrleansAgent.Grains.Engine.Rules;

/// <summary>
/// Finds literal text that every match of a regular expression must contain, so that a line without any of
/// it can be rejected by a vectorised substring search instead of the regex engine.
/// </summary>
/// <remarks>
/// The analysis is deliberately conservative: each top-level alternative contributes its longest run of
/// plain characters outside groups, classes and optional quantifiers, and any construct it does not fully
/// understand (escapes such as <c>\x41</c> or <c>\p{L}</c>, option changes after the start, a literal
/// <c>{</c>) makes it give up, after which the rule simply runs its regex on every line.
/// </remarks>
internal static class RequiredLiterals
{
    /// <summary>The literals one of which every match contains, and whether they compare ignoring case.</summary>
    public readonly record struct Result(string[] Literals, bool IgnoreCase);

    /// <summary>Returns the required literals of <paramref name="pattern"/>, or null when they cannot be
    /// determined safely.</summary>
    public static Result? Extract(string pattern)
    {
        var ignoreCase = false;
        var body = pattern.AsSpan();
        if (body.StartsWith("(?i)", StringComparison.Ordinal))
        {
            ignoreCase = true;
            body = body[4..];
        }

        var literals = new List<string>();
        var branch = new List<char>();
        var longest = "";
        var position = 0;
        while (true)
        {
            if (!TryReadBranch(body, ref position, branch, ref longest))
            {
                return null;
            }

            if (longest.Length == 0)
            {
                return null;
            }

            literals.Add(longest);
            longest = "";
            if (position >= body.Length)
            {
                break;
            }

            position++; // the '|' between alternatives
        }

        return new Result(literals.Distinct(StringComparer.Ordinal).ToArray(), ignoreCase);
    }

    // Reads one top-level alternative up to '|' or the end and keeps its longest required run in `longest`.
    // Returns false for a construct the analysis does not handle.
    private static bool TryReadBranch(ReadOnlySpan<char> body, ref int position, List<char> run, ref string longest)
    {
        run.Clear();
        while (position < body.Length && body[position] != '|')
        {
            var c = body[position];
            switch (c)
            {
                case '\\':
                    if (position + 1 >= body.Length)
                    {
                        return false;
                    }

                    var escaped = body[position + 1];
                    position += 2;
                    if (!char.IsAsciiLetterOrDigit(escaped))
                    {
                        if (!char.IsAscii(escaped))
                        {
                            return false;
                        }

                        run.Add(escaped);
                        continue;
                    }

                    if (!IsSingleCharEscape(escaped))
                    {
                        return false;
                    }

                    EndRun(run, ref longest);
                    continue;
                case '.' or '^' or '$':
                    EndRun(run, ref longest);
                    position++;
                    continue;
                case '[':
                    if (!TrySkipClass(body, ref position))
                    {
                        return false;
                    }

                    EndRun(run, ref longest);
                    continue;
                case '(':
                    if (IsOptionChange(body[position..]) || !TrySkipGroup(body, ref position))
                    {
                        return false;
                    }

                    EndRun(run, ref longest);
                    continue;
                case '*' or '?':
                    DropLast(run);
                    EndRun(run, ref longest);
                    position++;
                    continue;
                case '+':
                    EndRun(run, ref longest);
                    position++;
                    continue;
                case '{':
                    if (!TrySkipCountedQuantifier(body, ref position))
                    {
                        return false;
                    }

                    DropLast(run);
                    EndRun(run, ref longest);
                    continue;
                case ')':
                    return false;
                default:
                    if (!char.IsAscii(c))
                    {
                        // Non-ASCII text may have case or normalisation equivalents that the substring
                        // search would not see, so the regex decides.
                        return false;
                    }

                    run.Add(c);
                    position++;
                    continue;
            }
        }

        EndRun(run, ref longest);
        return true;
    }

    private static bool IsSingleCharEscape(char escaped) =>
        escaped is 'd' or 'D' or 'w' or 'W' or 's' or 'S' or 'b' or 'B' or 'A' or 'z' or 'Z' or 'G'
            or 't' or 'n' or 'r' or 'f' or 'v' or 'e' or 'a';

    private static void DropLast(List<char> run)
    {
        if (run.Count > 0)
        {
            run.RemoveAt(run.Count - 1);
        }
    }

    private static void EndRun(List<char> run, ref string longest)
    {
        if (run.Count > longest.Length)
        {
            longest = new string(run.ToArray());
        }

        run.Clear();
    }

    // True for an option change such as (?i) or (?-i), which applies to the rest of the pattern. A scoped group
    // such as (?i:...) is not one, and is skipped like any other group.
    private static bool IsOptionChange(ReadOnlySpan<char> text)
    {
        if (text.Length < 3 || text[1] != '?')
        {
            return false;
        }

        var i = 2;
        while (i < text.Length && text[i] is 'i' or 'm' or 'n' or 's' or 'x' or '-')
        {
            i++;
        }

        return i > 2 && i < text.Length && text[i] == ')';
    }

    // Skips a character class starting at '['. A ']' right after '[' or '[^' is a member, not the end.
    private static bool TrySkipClass(ReadOnlySpan<char> body, ref int position)
    {
        var i = position + 1;
        if (i < body.Length && body[i] == '^')
        {
            i++;
        }

        if (i < body.Length && body[i] == ']')
        {
            i++;
        }

        while (i < body.Length)
        {
            if (body[i] == '\\')
            {
                i += 2;
                continue;
            }

            if (body[i] == '[' || (body[i] == '-' && i + 1 < body.Length && body[i + 1] == '['))
            {
                // Class subtraction such as [a-z-[aeiou]] is left to the regex.
                return false;
            }

            if (body[i] == ']')
            {
                position = i + 1;
                return true;
            }

            i++;
        }

        return false;
    }

    // Skips a group with balanced parentheses, classes and escapes inside.
    private static bool TrySkipGroup(ReadOnlySpan<char> body, ref int position)
    {
        var depth = 0;
        var i = position;
        while (i < body.Length)
        {
            switch (body[i])
            {
                case '\\':
                    i += 2;
                    continue;
                case '[':
                    if (!TrySkipClass(body, ref i))
                    {
                        return false;
                    }

                    continue;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    if (depth == 0)
                    {
                        position = i + 1;
                        return true;
                    }

                    break;
            }

            i++;
        }

        return false;
    }

    // Skips {n}, {n,} or {n,m}. A '{' that does not start one is a literal in .NET, which the analysis
    // leaves to the regex.
    private static bool TrySkipCountedQuantifier(ReadOnlySpan<char> body, ref int position)
    {
        var i = position + 1;
        var digits = 0;
        while (i < body.Length && char.IsAsciiDigit(body[i]))
        {
            i++;
            digits++;
        }

        if (digits == 0 || i >= body.Length)
        {
            return false;
        }

        if (body[i] == ',')
        {
            i++;
            while (i < body.Length && char.IsAsciiDigit(body[i]))
            {
                i++;
            }
        }

        if (i >= body.Length || body[i] != '}')
        {
            return false;
        }

        position = i + 1;
        return true;
    }
}
