using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansAgent.Grains.Engine.Baseline;
using OrleansAgent.Grains.Interfaces.Patterns;

namespace OrleansAgent.AdminApi.Catalog;

/// <summary>A catalog file: every pattern's details, enough to rebuild the catalog with the same ids and labels.</summary>
public sealed record CatalogDocument(int Version, DateTimeOffset ExportedAt, List<CatalogPattern>? Patterns);

/// <summary>
/// One pattern in a catalog file. <c>Baseline</c> is the engine's baseline state (<c>null</c> before the first
/// window); the rest mirrors the pattern grain.
/// </summary>
public sealed record CatalogPattern(
    string? Id,
    string? Source,
    string? Template,
    string? Status,
    List<string>? Labels,
    string? Note,
    long TotalCount,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    int WindowsSeen,
    DateTimeOffset? LastWindowStart,
    string? LastVerdict,
    string? MergedInto,
    List<string>? MergedFrom,
    List<string>? Samples,
    bool IsOperatorManaged,
    JsonNode? Baseline);

/// <summary>Converts between the grains' pattern exports and catalog files, and validates a whole file.</summary>
public static class CatalogFile
{
    public const int CurrentVersion = 1;

    public static CatalogPattern ToFile(PatternExport export) => new(
        export.PatternId, export.Source, export.Template, Word(export.Status), [.. export.Labels], export.Note, export.TotalCount,
        export.FirstSeen, export.LastSeen, export.WindowsSeen, export.LastWindowStart,
        export.LastVerdict is { } verdict ? Word(verdict) : null, export.MergedInto, [.. export.MergedFrom], [.. export.Samples],
        export.IsOperatorManaged, export.BaselineJson is null ? null : JsonNode.Parse(export.BaselineJson));

    /// <summary>
    /// Checks every pattern of <paramref name="document"/> and converts them; returns the problems (at most
    /// <paramref name="maxErrors"/>) and no exports when any pattern is invalid.
    /// </summary>
    public static (List<PatternExport> Exports, List<string> Errors) Validate(CatalogDocument? document, BaselineOptions baseline, int maxErrors = 20)
    {
        var errors = new List<string>();
        var exports = new List<PatternExport>();
        if (document is null || document.Patterns is null)
        {
            errors.Add("The file has no 'patterns' array; export a catalog with GET /api/catalog/export to see the format.");
            return (exports, errors);
        }

        if (document.Version != CurrentVersion)
        {
            errors.Add($"The file has version {document.Version}; this agent reads version {CurrentVersion}.");
            return (exports, errors);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < document.Patterns.Count && errors.Count < maxErrors; index++)
        {
            var pattern = document.Patterns[index];
            PatternExport? export = null;
            var problem = pattern is null ? "the entry is null" : Check(pattern, baseline, ids, out export);
            if (problem is not null)
            {
                errors.Add($"patterns[{index}] ({pattern?.Id ?? "no id"}): {problem}");
                continue;
            }

            exports.Add(export!);
        }

        return errors.Count == 0 ? (exports, errors) : ([], errors);
    }

    private static string? Check(CatalogPattern pattern, BaselineOptions baseline, HashSet<string> ids, out PatternExport? export)
    {
        export = null;
        if (string.IsNullOrWhiteSpace(pattern.Id) || string.IsNullOrWhiteSpace(pattern.Source) || string.IsNullOrEmpty(pattern.Template))
        {
            return "id, source and template are required";
        }

        if (!ids.Add(pattern.Id))
        {
            return "the id appears more than once";
        }

        if (!Enum.TryParse<PatternStatus>(pattern.Status, ignoreCase: true, out var status) || !Enum.IsDefined(status) || int.TryParse(pattern.Status, out _))
        {
            return $"status '{pattern.Status}' is not one of candidate, known, suppressed, escalate";
        }

        Verdict? lastVerdict = null;
        if (pattern.LastVerdict is not null)
        {
            if (!Enum.TryParse<Verdict>(pattern.LastVerdict, ignoreCase: true, out var verdict) || !Enum.IsDefined(verdict))
            {
                return $"lastVerdict '{pattern.LastVerdict}' is not a verdict";
            }

            lastVerdict = verdict;
        }

        if (pattern.TotalCount < 0 || pattern.WindowsSeen < 0 || pattern.LastSeen < pattern.FirstSeen)
        {
            return "totalCount and windowsSeen must not be negative, and lastSeen must not precede firstSeen";
        }

        string? baselineJson = null;
        if (pattern.Baseline is not null)
        {
            try
            {
                var state = pattern.Baseline.Deserialize<BaselineState>() ?? throw new JsonException("the baseline is null");
                _ = RateBaseline.FromState(state, baseline);
                baselineJson = JsonSerializer.Serialize(state);
            }
            catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException or FormatException)
            {
                return "the baseline is invalid: " + exception.Message;
            }
        }

        export = new PatternExport(
            pattern.Id, pattern.Source, pattern.Template, status, [.. pattern.Labels ?? []], pattern.Note, pattern.TotalCount,
            pattern.FirstSeen, pattern.LastSeen, pattern.WindowsSeen, pattern.LastWindowStart, lastVerdict, pattern.MergedInto,
            [.. pattern.MergedFrom ?? []], [.. pattern.Samples ?? []], pattern.IsOperatorManaged, baselineJson);
        return null;
    }

    private static string Word<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();
}
