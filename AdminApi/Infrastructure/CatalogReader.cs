using OrleansAgent.Grains.Interfaces.Patterns;

namespace OrleansAgent.AdminApi.Infrastructure;

/// <summary>Reads every row of the catalog index, page by page.</summary>
public static class CatalogReader
{
    public static async Task<List<PatternSummary>> ReadAllAsync(IGrainFactory grains)
    {
        var catalog = grains.GetGrain<ICatalogGrain>(GrainKeys.Cluster);
        var rows = new List<PatternSummary>();
        while (true)
        {
            var page = await catalog.QueryAsync(new PatternQuery(null, null, null, null, PatternSort.FirstSeen, false, rows.Count, Paging.MaxLimit));
            rows.AddRange(page.Items);
            if (page.Items.IsEmpty || rows.Count >= page.Total)
            {
                return rows;
            }
        }
    }
}
