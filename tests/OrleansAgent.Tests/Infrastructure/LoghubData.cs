namespace OrleansAgent.Tests.Infrastructure;

/// <summary>
/// Finds the Loghub 2k folder: ORLEANSAGENT_LOGHUB_DIR, else <c>../shared/data/loghub_2k</c> next to the folder
/// that holds OrleansAgent.sln or one of its parents. Tests that need it are skipped when it is absent.
/// </summary>
public static class LoghubData
{
    public static string? FindDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("ORLEANSAGENT_LOGHUB_DIR");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.Exists(configured) ? configured : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "OrleansAgent.sln")))
            {
                continue;
            }

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

        return null;
    }

    /// <summary>The first <paramref name="count"/> raw lines of dataset <paramref name="name"/>, or null when the data is absent.</summary>
    public static IReadOnlyList<string>? Lines(string name, int count)
    {
        var directory = FindDirectory();
        var file = directory is null ? null : Path.Combine(directory, name, name + "_2k.log");
        return file is not null && File.Exists(file) ? File.ReadLines(file).Take(count).ToList() : null;
    }
}
