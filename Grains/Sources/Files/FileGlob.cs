using System.Text;
using System.Text.RegularExpressions;

namespace OrleansAgent.Grains.Sources.Files;

/// <summary>An absolute path pattern where <c>*</c> and <c>?</c> match within one path segment and a <c>**</c>
/// segment matches any number of directories (none included).</summary>
internal sealed class FileGlob
{
    private readonly string _root;
    private readonly string[] _segments;
    private readonly Regex?[] _segmentPatterns;

    private FileGlob(string root, string[] segments)
    {
        _root = root;
        _segments = segments;
        _segmentPatterns = segments.Select(s => s == "**" ? null : ToRegex(s)).ToArray();
    }

    /// <summary>The longest directory prefix without wildcards. Enumeration starts there.</summary>
    public string Root => _root;

    /// <summary>Parses <paramref name="pattern"/>, which must be an absolute path.</summary>
    /// <exception cref="ArgumentException">The pattern is empty or not absolute.</exception>
    public static FileGlob Parse(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern) || !Path.IsPathFullyQualified(pattern))
        {
            throw new ArgumentException($"The file glob '{pattern}' must be an absolute path, for example /var/log/app/*.log.", nameof(pattern));
        }

        var prefix = Path.GetPathRoot(pattern)!;
        var parts = pattern[prefix.Length..].Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new ArgumentException($"The file glob '{pattern}' names no file; add a file name pattern such as *.log.", nameof(pattern));
        }

        var rootParts = parts.TakeWhile(p => !HasWildcard(p)).ToList();

        // The last segment names files, so it never belongs to the root even without wildcards.
        if (rootParts.Count == parts.Length && rootParts.Count > 0)
        {
            rootParts.RemoveAt(rootParts.Count - 1);
        }

        var root = Path.Combine([prefix, .. rootParts]);
        return new FileGlob(root, parts[rootParts.Count..]);
    }

    /// <summary>Returns the regular files that match, sorted by ordinal path. A missing root yields nothing.</summary>
    /// <exception cref="UnauthorizedAccessException">A directory on the way cannot be listed.</exception>
    public IReadOnlyList<string> Enumerate()
    {
        var results = new List<string>();
        if (Directory.Exists(_root))
        {
            Walk(_root, 0, results);
        }

        results.Sort(StringComparer.Ordinal);
        return results.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Returns whether the absolute <paramref name="path"/> matches the pattern.</summary>
    public bool IsMatch(string path)
    {
        var relative = Path.GetRelativePath(_root, path).Replace('\\', '/');
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathFullyQualified(relative))
        {
            return false;
        }

        return MatchSegments(relative.Split('/'), 0, 0);
    }

    private bool MatchSegments(string[] names, int nameIndex, int segmentIndex)
    {
        if (segmentIndex == _segments.Length)
        {
            return nameIndex == names.Length;
        }

        if (_segmentPatterns[segmentIndex] is null)
        {
            for (var skip = nameIndex; skip < names.Length; skip++)
            {
                if (MatchSegments(names, skip, segmentIndex + 1))
                {
                    return true;
                }
            }

            return false;
        }

        return nameIndex < names.Length
            && _segmentPatterns[segmentIndex]!.IsMatch(names[nameIndex])
            && MatchSegments(names, nameIndex + 1, segmentIndex + 1);
    }

    private void Walk(string directory, int segmentIndex, List<string> results)
    {
        var isLast = segmentIndex == _segments.Length - 1;
        var pattern = _segmentPatterns[segmentIndex];
        if (pattern is null)
        {
            // "**" matches zero directories here, or descends one level and stays on the same segment.
            Walk(directory, segmentIndex + 1, results);
            foreach (var child in ListDirectories(directory))
            {
                Walk(child, segmentIndex, results);
            }

            return;
        }

        if (isLast)
        {
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                if (pattern.IsMatch(Path.GetFileName(file)))
                {
                    results.Add(file);
                }
            }

            return;
        }

        foreach (var child in ListDirectories(directory))
        {
            if (pattern.IsMatch(Path.GetFileName(child)))
            {
                Walk(child, segmentIndex + 1, results);
            }
        }
    }

    private static IEnumerable<string> ListDirectories(string directory)
    {
        // Symbolic links to directories are not followed, so a link loop cannot make "**" walk forever.
        return new DirectoryInfo(directory)
            .EnumerateDirectories()
            .Where(d => (d.Attributes & FileAttributes.ReparsePoint) == 0)
            .Select(d => d.FullName);
    }

    private static bool HasWildcard(string segment) => segment.Contains('*') || segment.Contains('?');

    private static Regex ToRegex(string segment)
    {
        var builder = new StringBuilder("^");
        foreach (var c in segment)
        {
            builder.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        builder.Append('$');
        return new Regex(builder.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }
}
