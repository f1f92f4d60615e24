namespace OrleansAgent.Silo.Commands;

/// <summary>The parsed arguments of the <c>mine</c> command.</summary>
internal sealed record MineCommandOptions(string Path, string Format, bool ContentOnly, bool PerLine, string? HeaderFormat, bool Help)
{
    public const string Usage =
        """
        Usage: mine <file> [options]

        Learns the message patterns of a log file and prints them with their line counts.

        Options:
          --format table|json|csv   Output format (default table).
          --content-only            Treat each whole line as the message; no header parsing.
          --header-format FORMAT    Split headers with a Loghub-style format, for example
                                    "<Date> <Time> <Level> <Component>: <Content>".
                                    Without it common header layouts are detected automatically.
          --per-line                Write one row per input line, in input order, instead of one
                                    per pattern. In csv the header is LineId,EventId,EventTemplate;
                                    EventId is the final pattern id and EventTemplate its final template.
          --help                    Show this text.
        """;

    /// <summary>Parses <paramref name="args"/>; returns an error message instead of options when they are invalid.</summary>
    public static (MineCommandOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        string? path = null;
        string format = "table";
        bool contentOnly = false, perLine = false, help = false;
        string? headerFormat = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    help = true;
                    break;
                case "--content-only":
                    contentOnly = true;
                    break;
                case "--per-line":
                    perLine = true;
                    break;
                case "--format" or "--header-format" when i + 1 >= args.Count:
                    return (null, $"Option {args[i]} needs a value.");
                case "--format":
                    format = args[++i];
                    if (format is not ("table" or "json" or "csv"))
                    {
                        return (null, $"Invalid --format '{format}'; use table, json or csv.");
                    }

                    break;
                case "--header-format":
                    headerFormat = args[++i];
                    break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        return (null, $"Unknown option '{args[i]}'; run mine --help for the list.");
                    }

                    if (path is not null)
                    {
                        return (null, $"Only one file is accepted; got '{path}' and '{args[i]}'.");
                    }

                    path = args[i];
                    break;
            }
        }

        if (help)
        {
            return (new MineCommandOptions("", format, contentOnly, perLine, headerFormat, true), null);
        }

        if (path is null)
        {
            return (null, "Missing the log file to mine.");
        }

        if (contentOnly && headerFormat is not null)
        {
            return (null, "--content-only and --header-format exclude each other; give one.");
        }

        return (new MineCommandOptions(path, format, contentOnly, perLine, headerFormat, false), null);
    }
}
