using System.Diagnostics;
using System.Text;
using OrleansAgent.Grains.Engine.Detection;
using OrleansAgent.Grains.Engine.Mining;
using OrleansAgent.Grains.Engine.Parsing;

namespace OrleansAgent.Silo.Commands;

/// <summary>
/// The <c>mine</c> command: learns the patterns of one log file offline, without starting a silo.
/// Exit codes: 0 done, 1 the file could not be read, 2 invalid arguments, 130 cancelled.
/// </summary>
public static class MineCommand
{
    /// <summary>Chars kept of one line; the rest is skipped, as the file source cuts lines at 256 KiB.</summary>
    public const int MaxLineChars = 256 * 1024;

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    /// <summary>Runs the command; <paramref name="args"/> are the words after <c>mine</c>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (options, error) = MineCommandOptions.Parse(args);
        if (options is null)
        {
            await stderr.WriteLineAsync($"mine: {error}");
            await stderr.WriteLineAsync(MineCommandOptions.Usage);
            return 2;
        }

        if (options.Help)
        {
            await stdout.WriteLineAsync(MineCommandOptions.Usage);
            return 0;
        }

        HeaderParser parser;
        try
        {
            parser = options.ContentOnly ? HeaderParser.None
                : options.HeaderFormat is not null ? HeaderParser.FromFormat(options.HeaderFormat)
                : HeaderParser.Automatic;
        }
        catch (ArgumentException ex)
        {
            // The message already names the format; the parameter name would only add noise.
            var message = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);
            await stderr.WriteLineAsync($"mine: {message}");
            return 2;
        }

        if (Directory.Exists(options.Path))
        {
            await stderr.WriteLineAsync($"mine: '{options.Path}' is a directory. Give the path of a log file.");
            return 1;
        }

        try
        {
            var run = await MineFileAsync(options, parser, stderr, ct);
            await MineOutput.WriteAsync(options, run, stdout, ct);
            if (run.InvalidSequences > 0)
            {
                await stderr.WriteLineAsync($"mine: '{options.Path}' contains {run.InvalidSequences} invalid UTF-8 sequences; they were read as U+FFFD.");
            }

            if (run.CutLines > 0)
            {
                await stderr.WriteLineAsync($"mine: {run.CutLines} lines were longer than {MaxLineChars:N0} chars. The rest of each was skipped.");
            }

            if (run.LongMessages > 0)
            {
                await stderr.WriteLineAsync($"mine: {run.LongMessages} messages were longer than {DetectorChain.MaxContentLength:N0} chars. Each was mined by its first {DetectorChain.MaxContentLength:N0} chars, as the agent does.");
            }

            return 0;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("mine: cancelled.");
            return 130;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"mine: failed to read '{options.Path}': {ex.Message}");
            return 1;
        }
    }

    private static async Task<MineRun> MineFileAsync(MineCommandOptions options, HeaderParser parser, TextWriter stderr, CancellationToken ct)
    {
        var fallback = new CountingDecoderFallback();
        var encoding = (Encoding)new UTF8Encoding(false).Clone();
        encoding.DecoderFallback = fallback;
        var miner = new TemplateMiner();
        var lineIds = options.PerLine ? new List<string>() : null;
        var showProgress = !Console.IsErrorRedirected;
        var clock = Stopwatch.StartNew();
        var nextProgress = ProgressInterval;
        long lines = 0;
        var reference = DateTimeOffset.UtcNow;

        using var file = new StreamReader(options.Path, encoding, detectEncodingFromByteOrderMarks: true);
        var reader = new BoundedLineReader(file, MaxLineChars);
        long longMessages = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lines++;

            // The file source drops NUL bytes too, so templates and output never carry them.
            var text = line.Contains('\0') ? line.Replace("\0", "", StringComparison.Ordinal) : line;
            var content = parser.Parse(text, reference).Content;
            if (content.Length > DetectorChain.MaxContentLength)
            {
                // The service mines the head of a long message only, so the patterns here match its patterns.
                longMessages++;
                content = content[..DetectorChain.MaxContentLength];
            }

            var result = miner.Add(content);
            lineIds?.Add(result.PatternId);
            if (showProgress && (lines & 0x3FFF) == 0 && clock.Elapsed >= nextProgress)
            {
                nextProgress = clock.Elapsed + ProgressInterval;
                await stderr.WriteAsync($"\rmine: {lines:N0} lines, {miner.PatternCount:N0} patterns");
            }
        }

        if (showProgress && clock.Elapsed >= ProgressInterval)
        {
            await stderr.WriteLineAsync($"\rmine: {lines:N0} lines, {miner.PatternCount:N0} patterns");
        }

        return new MineRun(miner, lines, lineIds, fallback.Count, reader.CutLines, longMessages);
    }
}

/// <summary>The outcome of mining one file.</summary>
internal sealed record MineRun(
    TemplateMiner Miner, long Lines, List<string>? LineIds, long InvalidSequences, long CutLines, long LongMessages);
