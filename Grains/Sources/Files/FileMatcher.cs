namespace OrleansAgent.Grains.Sources.Files;

/// <summary>One file to read in this poll: the remembered entry and the open file it was matched to.</summary>
internal sealed record FileWorkItem(FileCursorEntry Entry, FileCandidate Candidate, bool MatchesGlob);

/// <summary>Matches the files remembered in the cursor to the files found now, which decides for each file
/// whether it continues at its offset, starts again at 0 or is new.</summary>
/// <remarks>
/// A file is the same file when its identity (device and inode) is the same and its first bytes still hash to
/// the remembered fingerprint. That covers renames (rename-and-create rotation).
/// The same identity with other first bytes, or a size below the offset, means a truncation (copytruncate) or
/// a reused inode, so the file starts again at 0.
/// The remembered content is then looked for elsewhere by fingerprint, because copytruncate leaves it in a
/// copy whose unread tail must still be drained.
/// A rotated file that left the glob is found again in its old directory, by identity first and by
/// fingerprint second.
/// </remarks>
internal sealed class FileMatcher(FileSourceOptions options, SkipCounter skipped, long nowMs)
{
    private readonly List<FileCandidate> _opened = [];

    /// <summary>Files this matcher opened outside the glob. The caller disposes them.</summary>
    public IReadOnlyList<FileCandidate> Opened => _opened;

    /// <summary>Returns the files to read, in order: remembered files first (a rotated file drains before the
    /// file that replaced it), then new files by path.</summary>
    public List<FileWorkItem> Plan(IReadOnlyList<FileCursorEntry> entries, IReadOnlyList<FileCandidate> globMatches, bool startAtEnd)
    {
        var claimed = new HashSet<FileCandidate>();
        var continued = new FileWorkItem?[entries.Count];
        var replacements = new FileWorkItem?[entries.Count];
        var orphans = new List<int>();

        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var candidate = globMatches.FirstOrDefault(c => !claimed.Contains(c) && IsSameIdentity(entry, c));
            if (candidate is null)
            {
                orphans.Add(i);
                continue;
            }

            claimed.Add(candidate);
            if (HasSameContent(entry, candidate))
            {
                continued[i] = new FileWorkItem(Continue(entry, candidate), candidate, MatchesGlob: true);
                continue;
            }

            skipped.Add(SkipReasons.FileTruncated);
            replacements[i] = new FileWorkItem(NewEntry(candidate, offset: 0, entry.Generation + 1), candidate, MatchesGlob: true);
            orphans.Add(i);
        }

        foreach (var i in orphans)
        {
            var entry = entries[i];
            var inGlob = globMatches.FirstOrDefault(c => !claimed.Contains(c) && entry.FingerprintLength > 0 && HasSameContent(entry, c));
            var candidate = inGlob ?? FindOutsideGlob(entry, globMatches);
            if (candidate is null)
            {
                if (entry.Size > entry.Offset)
                {
                    skipped.Add(SkipReasons.FileVanishedUnread);
                }

                continue;
            }

            claimed.Add(candidate);
            continued[i] = new FileWorkItem(Continue(entry, candidate), candidate, MatchesGlob: inGlob is not null);
        }

        var plan = new List<FileWorkItem>();
        for (var i = 0; i < entries.Count; i++)
        {
            AddIfNotNull(plan, continued[i]);
            AddIfNotNull(plan, replacements[i]);
        }

        foreach (var candidate in globMatches.Where(c => !claimed.Contains(c)))
        {
            plan.Add(new FileWorkItem(NewEntry(candidate, startAtEnd ? candidate.Length : 0, generation: 0), candidate, MatchesGlob: true));
        }

        return plan;
    }

    private static void AddIfNotNull(List<FileWorkItem> plan, FileWorkItem? item)
    {
        if (item is not null)
        {
            plan.Add(item);
        }
    }

    private static bool IsSameIdentity(FileCursorEntry entry, FileCandidate candidate) =>
        entry.Identity.IsKnown ? entry.Identity == candidate.Identity : string.Equals(entry.Path, candidate.Path, StringComparison.Ordinal);

    private static bool HasSameContent(FileCursorEntry entry, FileCandidate candidate) =>
        candidate.Length >= entry.Offset && candidate.HashPrefix(entry.FingerprintLength) == entry.Fingerprint;

    private FileCandidate? FindOutsideGlob(FileCursorEntry entry, IReadOnlyList<FileCandidate> globMatches)
    {
        var directory = Path.GetDirectoryName(entry.Path);
        if (directory is null || !Directory.Exists(directory))
        {
            return null;
        }

        var siblings = Directory.EnumerateFiles(directory)
            .Where(p => !globMatches.Any(c => string.Equals(c.Path, p, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();

        if (entry.Identity.IsKnown)
        {
            foreach (var path in siblings)
            {
                if (FileIdentityReader.Read(path) == entry.Identity && Open(path) is { } byIdentity)
                {
                    if (byIdentity.Identity == entry.Identity && HasSameContent(entry, byIdentity))
                    {
                        return byIdentity;
                    }
                }
            }
        }

        if (entry.FingerprintLength == 0)
        {
            return null;
        }

        foreach (var path in siblings)
        {
            if (new FileInfo(path) is { Exists: true } info && info.Length >= Math.Max(entry.Offset, entry.FingerprintLength)
                && Open(path) is { } byContent && HasSameContent(entry, byContent))
            {
                return byContent;
            }
        }

        return null;
    }

    private FileCandidate? Open(string path)
    {
        var candidate = FileCandidate.TryOpen(path);
        if (candidate is not null)
        {
            _opened.Add(candidate);
        }

        return candidate;
    }

    private FileCursorEntry Continue(FileCursorEntry entry, FileCandidate candidate) => new()
    {
        Path = candidate.Path,
        Identity = candidate.Identity,
        Generation = entry.Generation,
        Fingerprint = entry.Fingerprint,
        FingerprintLength = entry.FingerprintLength,
        Offset = entry.Offset,
        Size = entry.Size,
        SizeSeenAtMs = entry.SizeSeenAtMs,
    };

    private FileCursorEntry NewEntry(FileCandidate candidate, long offset, int generation)
    {
        var fingerprintLength = (int)Math.Min(candidate.Length, options.FingerprintBytes);
        return new FileCursorEntry
        {
            Path = candidate.Path,
            Identity = candidate.Identity,
            Generation = generation,
            Fingerprint = candidate.HashPrefix(fingerprintLength) ?? "",
            FingerprintLength = fingerprintLength,
            Offset = offset,
            Size = candidate.Length,
            SizeSeenAtMs = nowMs,
        };
    }
}
