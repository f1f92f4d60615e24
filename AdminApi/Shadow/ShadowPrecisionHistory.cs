using OrleansAgent.AdminApi.Infrastructure;
using OrleansAgent.Grains.Interfaces.Shadow;

namespace OrleansAgent.AdminApi.Shadow;

/// <summary>Shadow precision per UTC day of review, to see whether suppressing noise is paying off.</summary>
public static class ShadowPrecisionHistory
{
    internal static async Task<Ok<ImmutableArray<DailyPrecision>>> GetDaily(IGrainFactory grains)
    {
        var shadow = grains.GetGrain<IShadowLogGrain>(GrainKeys.Cluster);
        var reviewed = new List<ShadowEntry>();
        while (true)
        {
            var page = await shadow.QueryAsync(new ShadowQuery(null, null, true, reviewed.Count, Paging.MaxLimit));
            reviewed.AddRange(page.Items);
            if (page.Items.IsEmpty || reviewed.Count >= page.Total)
            {
                break;
            }
        }

        return TypedResults.Ok(Bucket(reviewed));
    }

    public static ImmutableArray<DailyPrecision> Bucket(IEnumerable<ShadowEntry> entries) =>
    [
        .. entries.Where(entry => entry.Review is not null)
            .GroupBy(entry => DateOnly.FromDateTime(entry.Review!.ReviewedAt.UtcDateTime))
            .OrderBy(day => day.Key)
            .Select(day =>
            {
                var reviewed = day.Count();
                var real = day.Count(entry => entry.Review!.IsRealProblem);
                return new DailyPrecision(day.Key, reviewed, real, reviewed - real, (double)real / reviewed);
            }),
    ];
}

/// <summary>Reviews of one UTC day and the share of them that were real problems.</summary>
public sealed record DailyPrecision(DateOnly Day, int Reviewed, int RealProblems, int Noise, double Precision);
