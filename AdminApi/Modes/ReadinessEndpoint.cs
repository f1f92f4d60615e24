using OrleansAgent.AdminApi.Infrastructure;
using OrleansAgent.Grains.Interfaces.Modes;
using OrleansAgent.Grains.Interfaces.Shadow;

namespace OrleansAgent.AdminApi.Modes;

/// <summary>Tells whether the agent is ready for the next mode: catalog growth for training, shadow precision for shadow.</summary>
public static class ReadinessEndpoint
{
    private const int MaxHours = 24 * 30;

    internal static async Task<Results<Ok<ReadinessReport>, ValidationProblem>> GetReadiness(IGrainFactory grains, int? hours)
    {
        var window = hours ?? 24;
        if (window is < 1 or > MaxHours)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["hours"] = [$"hours must be between 1 and {MaxHours}."],
            });
        }

        var mode = await grains.GetGrain<IModeGrain>(GrainKeys.Cluster).GetAsync();
        var patterns = await CatalogReader.ReadAllAsync(grains);
        var precision = await grains.GetGrain<IShadowLogGrain>(GrainKeys.Cluster).GetPrecisionAsync();
        var growth = ReadinessAdvisor.MeasureGrowth(patterns.Select(pattern => pattern.FirstSeen).ToList(), window);
        return TypedResults.Ok(new ReadinessReport(
            ApiEnums.Format(mode.Mode), growth, precision, ReadinessAdvisor.Recommend(mode.Mode, growth, precision)));
    }
}

/// <summary>The readiness of the current mode.</summary>
public sealed record ReadinessReport(string Mode, CatalogGrowth Growth, ShadowPrecision ShadowPrecision, string Recommendation);

/// <summary>
/// New patterns per hour over the last <paramref name="Hours"/> hours of event time, ending at the newest first
/// sighting in the catalog (so a backfill of old logs is measured in its own time), newest hour last.
/// </summary>
public sealed record CatalogGrowth(int Patterns, int Hours, DateTimeOffset? End, int NewInWindow, double NewPerHour, ImmutableArray<int> PerHour);
