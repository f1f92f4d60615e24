using System.Globalization;

namespace OrleansAgent.Silo.Replay;

/// <summary>The parsed command line of <c>replay</c>.</summary>
public sealed class ReplayArguments
{
    public List<string> TrainFiles { get; } = [];
    public List<string> DetectFiles { get; } = [];
    public string? HeaderFormat { get; private set; }
    public string Format { get; private set; } = "table";
    public int MaxEventsPerPoll { get; private set; } = 5000;
    public Dictionary<string, string?> Settings { get; } = [];
    public bool ShowHelp { get; private set; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with the offending value.</summary>
    public static ReplayArguments Parse(string[] args)
    {
        var parsed = new ReplayArguments();
        List<string>? target = null;
        for (var index = 0; index < args.Length; index++)
        {
            var argument = args[index];
            switch (argument)
            {
                case "--help" or "-h":
                    parsed.ShowHelp = true;
                    return parsed;
                case "--train":
                    target = parsed.TrainFiles;
                    break;
                case "--detect":
                    target = parsed.DetectFiles;
                    break;
                case "--header-format":
                    parsed.HeaderFormat = Value(args, ref index);
                    target = null;
                    break;
                case "--format":
                    parsed.Format = Value(args, ref index) switch
                    {
                        "table" => "table",
                        "json" => "json",
                        var other => throw new ArgumentException($"Unknown --format '{other}'. Use table or json."),
                    };
                    target = null;
                    break;
                case "--max-events":
                    var text = Value(args, ref index);
                    parsed.MaxEventsPerPoll = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var max) && max > 0
                        ? max
                        : throw new ArgumentException($"--max-events must be a positive whole number, not '{text}'.");
                    target = null;
                    break;
                case "--config":
                    LoadSettings(Value(args, ref index), parsed.Settings);
                    target = null;
                    break;
                default:
                    if (target is null || argument.StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new ArgumentException($"Unexpected argument '{argument}'.");
                    }

                    target.AddRange(FileGlobs.Expand(argument));
                    break;
            }
        }

        if (parsed.TrainFiles.Count == 0 || parsed.DetectFiles.Count == 0)
        {
            throw new ArgumentException("Give at least one --train file and one --detect file.");
        }

        return parsed;
    }

    private static string Value(string[] args, ref int index) =>
        index + 1 < args.Length ? args[++index] : throw new ArgumentException($"Missing value after {args[index]}.");

    private static void LoadSettings(string path, Dictionary<string, string?> settings)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"The --config file '{path}' does not exist.");
        }

        try
        {
            var configuration = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path)).Build();
            foreach (var (key, value) in configuration.AsEnumerable())
            {
                settings[key] = value;
            }
        }
        catch (InvalidDataException exception)
        {
            throw new ArgumentException($"The --config file '{path}' is not valid JSON: {exception.Message}");
        }
    }
}

/// <summary>Expands a file name or a glob with <c>*</c> and <c>?</c> in its last part into existing files, sorted.</summary>
public static class FileGlobs
{
    public static IReadOnlyList<string> Expand(string pattern)
    {
        var fullPattern = Path.GetFullPath(pattern);
        var name = Path.GetFileName(fullPattern);
        if (name.IndexOfAny(['*', '?']) < 0)
        {
            return File.Exists(fullPattern)
                ? [fullPattern]
                : throw new ArgumentException($"The file '{pattern}' does not exist or cannot be read.");
        }

        var directory = Path.GetDirectoryName(fullPattern)!;
        var matches = Directory.Exists(directory)
            ? Directory.GetFiles(directory, name).Order(StringComparer.Ordinal).ToList()
            : [];
        return matches.Count > 0 ? matches : throw new ArgumentException($"No file matches '{pattern}'.");
    }
}
