using System.Globalization;
using OrleansAgent.Grains.Interfaces.Patterns;

namespace OrleansAgent.Tests.AdminApi;

/// <summary>Compares catalog rows by value (records holding immutable arrays compare those by reference).</summary>
public static class CatalogRows
{
    public static string Describe(PatternSummary row) => string.Join(
        "|",
        row.PatternId,
        row.Source,
        row.Template,
        row.Status,
        row.TotalCount.ToString(CultureInfo.InvariantCulture),
        row.BaselineMean.ToString("R", CultureInfo.InvariantCulture),
        row.FirstSeen.ToString("O", CultureInfo.InvariantCulture),
        row.LastSeen.ToString("O", CultureInfo.InvariantCulture),
        string.Join(",", row.Labels),
        row.LastVerdict?.ToString() ?? "-",
        row.MergedInto ?? "-");
}
