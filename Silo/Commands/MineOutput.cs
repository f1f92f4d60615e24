using System.Text;
using System.Text.Json;
using OrleansAgent.Grains.Engine.Mining;

namespace OrleansAgent.Silo.Commands;

/// <summary>Writes the result of the <c>mine</c> command as a table, JSON or CSV.</summary>
internal static class MineOutput
{
    // The output goes to files and terminals, not into HTML, so templates keep their < > and & unescaped.
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task WriteAsync(MineCommandOptions options, MineRun run, TextWriter stdout, CancellationToken ct)
    {
        var patterns = run.Miner.Patterns.ToDictionary(p => p.Id, StringComparer.Ordinal);
        if (run.LineIds is not null)
        {
            await WritePerLineAsync(options.Format, run, patterns, stdout, ct);
            return;
        }

        var ordered = patterns.Values.OrderByDescending(p => p.Count).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
        switch (options.Format)
        {
            case "json":
                var document = new
                {
                    lines = run.Lines,
                    invalidUtf8Sequences = run.InvalidSequences,
                    cutLines = run.CutLines,
                    longMessages = run.LongMessages,
                    patterns = ordered.Select(p => new { id = p.Id, count = p.Count, template = p.Template }),
                };
                await stdout.WriteLineAsync(JsonSerializer.Serialize(document, Json));
                break;
            case "csv":
                await stdout.WriteLineAsync("EventId,Count,EventTemplate");
                foreach (var p in ordered)
                {
                    ct.ThrowIfCancellationRequested();
                    await stdout.WriteLineAsync($"{p.Id},{p.Count},{Csv(p.Template)}");
                }

                break;
            default:
                await stdout.WriteLineAsync($"{"Count",10}  {"Pattern id",-16}  Template");
                foreach (var p in ordered)
                {
                    ct.ThrowIfCancellationRequested();
                    await stdout.WriteLineAsync($"{p.Count,10}  {p.Id,-16}  {p.Template}");
                }

                await stdout.WriteLineAsync($"{run.Lines} lines, {ordered.Count} patterns.");
                break;
        }
    }

    private static async Task WritePerLineAsync(string format, MineRun run, Dictionary<string, MinedPattern> patterns, TextWriter stdout, CancellationToken ct)
    {
        if (format == "json")
        {
            await stdout.WriteLineAsync("[");
        }
        else if (format == "csv")
        {
            await stdout.WriteLineAsync("LineId,EventId,EventTemplate");
        }

        var lineIds = run.LineIds!;
        for (var i = 0; i < lineIds.Count; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            // An id returned earlier may have been merged since; the alias gives the surviving pattern.
            var id = run.Miner.Resolve(lineIds[i]) ?? lineIds[i];
            var template = patterns.TryGetValue(id, out var pattern) ? pattern.Template : "";
            var line = format switch
            {
                "json" => $"  {JsonSerializer.Serialize(new { lineId = i + 1, eventId = id, eventTemplate = template })}{(i + 1 < lineIds.Count ? "," : "")}",
                "csv" => $"{i + 1},{id},{Csv(template)}",
                _ => $"{i + 1,8}  {id,-16}  {template}",
            };
            await stdout.WriteLineAsync(line);
        }

        if (format == "json")
        {
            await stdout.WriteLineAsync("]");
        }
    }

    /// <summary>Quotes a CSV field when it contains a comma, quote or line break (RFC 4180).</summary>
    internal static string Csv(string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return value;
        }

        return new StringBuilder(value.Length + 2).Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }
}
