using OrleansAgent.Grains.Interfaces.Modes;
using OrleansAgent.Grains.Interfaces.Shadow;

namespace OrleansAgent.AdminApi.Modes;

/// <summary>The measurements and thresholds behind the readiness recommendation.</summary>
public static class ReadinessAdvisor
{
    /// <summary>Reviews needed before the shadow precision means much.</summary>
    public const int MinReviews = 20;

    /// <summary>Precision from which detect mode is recommended.</summary>
    public const double TargetPrecision = 0.8;

    /// <summary>The catalog counts as settled when the last hours added at most this share of it per hour.</summary>
    public const double SettledSharePerHour = 0.005;

    public static CatalogGrowth MeasureGrowth(IReadOnlyList<DateTimeOffset> firstSeen, int hours)
    {
        if (firstSeen.Count == 0)
        {
            return new CatalogGrowth(0, hours, null, 0, 0, [.. new int[hours]]);
        }

        var end = firstSeen.Max();
        var start = end - TimeSpan.FromHours(hours);
        var perHour = new int[hours];
        foreach (var seen in firstSeen.Where(seen => seen > start))
        {
            var bucket = Math.Min(hours - 1, (int)((seen - start).Ticks / TimeSpan.TicksPerHour));
            perHour[bucket]++;
        }

        var recent = perHour.Sum();
        return new CatalogGrowth(firstSeen.Count, hours, end, recent, (double)recent / hours, [.. perHour]);
    }

    public static string Recommend(AgentMode mode, CatalogGrowth growth, ShadowPrecision precision) => mode switch
    {
        AgentMode.Training => RecommendForTraining(growth),
        AgentMode.Shadow => RecommendForShadow(precision),
        _ => precision.Precision is { } value && value < TargetPrecision && precision.Reviewed >= MinReviews
            ? $"Detect mode is on, but only {value:P0} of the reviewed shadow entries were real problems; suppress noisy patterns."
            : "Detect mode is on; keep reviewing incidents and suppress patterns that are noise.",
    };

    private static string RecommendForTraining(CatalogGrowth growth)
    {
        if (growth.Patterns == 0)
        {
            return "No pattern has been learned yet; let the agent read logs before switching modes.";
        }

        var settled = growth.NewPerHour <= Math.Max(1, growth.Patterns * SettledSharePerHour);
        return settled
            ? $"The catalog has settled ({growth.NewPerHour:0.##} new patterns per hour over the last {growth.Hours} hours, {growth.Patterns} in all); switch to shadow mode."
            : $"The catalog still grows ({growth.NewPerHour:0.##} new patterns per hour over the last {growth.Hours} hours, {growth.Patterns} in all); keep training.";
    }

    private static string RecommendForShadow(ShadowPrecision precision)
    {
        if (precision.Reviewed < MinReviews)
        {
            return $"{precision.Reviewed} of {precision.Entries} shadow entries are reviewed; review at least {MinReviews} before deciding.";
        }

        return precision.Precision >= TargetPrecision
            ? $"{precision.Precision:P0} of {precision.Reviewed} reviewed shadow entries were real problems; switch to detect mode."
            : $"Only {precision.Precision:P0} of {precision.Reviewed} reviewed shadow entries were real problems; suppress the noisy patterns and stay in shadow mode.";
    }
}
