namespace OrleansAgent.Benchmarks.Loghub;

/// <summary>One Loghub 2k dataset: the message of each line in file order and the event id of each line in
/// the original and the corrected ground truth.</summary>
public sealed record LoghubDataset(string Name, IReadOnlyList<string> Contents, IReadOnlyList<string> Truth, IReadOnlyList<string> CorrectedTruth)
{
    public static readonly string[] Names = ["Android", "BGL", "HDFS", "HPC", "Hadoop", "Linux", "OpenStack", "Spark"];

    /// <summary>Finds the Loghub 2k folder: ORLEANSAGENT_LOGHUB_DIR, else <c>../shared/data/loghub_2k</c>
    /// relative to the folder that contains OrleansAgent.sln (searched upwards from the application folder)
    /// or, for a git worktree nested deeper, relative to one of that folder's parents.</summary>
    public static string? FindDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("ORLEANSAGENT_LOGHUB_DIR");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.Exists(configured) ? configured : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansAgent.sln")))
            {
                for (var parent = dir; parent is not null; parent = parent.Parent)
                {
                    var candidate = Path.GetFullPath(Path.Combine(parent.FullName, "..", "shared", "data", "loghub_2k"));
                    if (Directory.Exists(candidate))
                    {
                        return candidate;
                    }
                }

                return null;
            }
        }

        return null;
    }

    public static LoghubDataset Load(string root, string name)
    {
        var folder = Path.Combine(root, name);
        var original = ReadStructured(Path.Combine(folder, $"{name}_2k.log_structured.csv"));
        var corrected = ReadStructured(Path.Combine(folder, $"{name}_2k.log_structured_corrected.csv"));
        if (original.Count != corrected.Count)
        {
            throw new InvalidDataException($"{name}: the two ground truth files have {original.Count} and {corrected.Count} rows.");
        }

        return new LoghubDataset(
            name,
            original.Select(r => r.Content).ToList(),
            original.Select(r => r.EventId).ToList(),
            corrected.Select(r => r.EventId).ToList());
    }

    private static List<(string Content, string EventId)> ReadStructured(string path)
    {
        var rows = CsvReader.Read(File.ReadAllText(path));
        var header = rows[0];
        var content = Array.IndexOf(header, "Content");
        var eventId = Array.IndexOf(header, "EventId");
        if (content < 0 || eventId < 0)
        {
            throw new InvalidDataException($"{path}: header lacks Content or EventId.");
        }

        return rows.Skip(1).Where(r => r.Length > Math.Max(content, eventId)).Select(r => (r[content], r[eventId])).ToList();
    }
}
