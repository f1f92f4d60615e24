using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansAgent.Silo.Replay;

/// <summary>
/// <c>replay</c>: learns from training files, then reports what detect mode would have done on the
/// detection files, all offline on an in-memory store.
/// </summary>
public static class ReplayCommand
{
    public const string Usage = """
        replay --train FILE... --detect FILE... [options]
          --train FILE...         files or globs (such as logs/day1/*.log) to learn from, in order
          --detect FILE...        files or globs to report on, in order, after training
          --header-format FORMAT  header layout, such as "<Date> <Time> <Level> <Component>: <Content>"
                                  (default: detect common layouts)
          --config FILE           a JSON settings file in the service's format (rules, redaction, baseline)
          --format table|json     output format (default: table)
          --max-events N          lines per poll (default: 5000)
        """;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ReplayArguments parsed;
        try
        {
            parsed = ReplayArguments.Parse(args);
        }
        catch (ArgumentException exception)
        {
            await error.WriteLineAsync($"replay: {exception.Message}{Environment.NewLine}{Usage}");
            return 2;
        }

        if (parsed.ShowHelp)
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }

        var showProgress = !Console.IsErrorRedirected;
        var request = new ReplayRequest(parsed.TrainFiles, parsed.DetectFiles, parsed.HeaderFormat, parsed.Settings, parsed.MaxEventsPerPoll);
        ReplayReport report;
        try
        {
            report = await ReplayRunner.RunAsync(request, showProgress ? line => error.Write("\r" + line + "   ") : null, cancellationToken);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException exception)
        {
            await error.WriteLineAsync("replay: invalid settings: " + string.Join(Environment.NewLine + "  ", exception.Failures));
            return 1;
        }

        if (showProgress)
        {
            await error.WriteLineAsync();
        }

        if (parsed.Format == "json")
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(report, JsonOptions));
        }
        else
        {
            await WriteTableAsync(report, output);
        }

        return 0;
    }

    private static async Task WriteTableAsync(ReplayReport report, TextWriter output)
    {
        var culture = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(culture, $"Lines read: {report.TrainingLines:N0} training, {report.DetectionLines:N0} detection ({report.Elapsed.TotalSeconds:0.0} s)"));
        await output.WriteLineAsync(string.Create(culture, $"Patterns: {report.PatternsLearned:N0} learned in training, {report.PatternsAtEnd:N0} at the end"));
        await output.WriteLineAsync("Detection verdicts (lines): " + string.Join(", ", report.DetectionVerdictLines.OrderBy(entry => entry.Key).Select(entry => string.Create(culture, $"{entry.Key} {entry.Value:N0}"))));
        await output.WriteLineAsync(string.Create(culture, $"Share of detection lines that would reach the analyzer: {report.ShareOfLinesForAnalysis:P3}"));
        await output.WriteLineAsync(string.Create(culture, $"Signals: {report.Signals:N0}; model calls needed {report.ModelCallsNeeded:N0}, allowed by the budget {report.ModelCallsAllowed:N0}"));
        if (report.EventsWithoutTimestamp > 0 || report.Skipped.Count > 0)
        {
            await output.WriteLineAsync(string.Create(culture, $"Lines without a timestamp: {report.EventsWithoutTimestamp:N0}; skipped: ") + string.Join(", ", report.Skipped.Select(entry => $"{entry.Key} {entry.Value}")));
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync(string.Create(culture, $"Incidents detect mode would open: {report.Incidents.Count}"));
        foreach (var incident in report.Incidents)
        {
            await output.WriteLineAsync(string.Create(culture, $"{incident.FirstSeen:yyyy-MM-dd HH:mm:ss}  {incident.Severity,-8} {incident.Verdict,-8} {incident.PatternId}  {incident.Lines,6:N0} lines  {incident.Template}"));
            foreach (var sample in incident.Samples.Take(2))
            {
                await output.WriteLineAsync("    " + (sample.Length > 200 ? sample[..200] + "…" : sample));
            }
        }
    }
}
