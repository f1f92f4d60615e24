using OrleansAgent.Grains.Interfaces.Patterns;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.Cluster;

/// <summary>Rows of one pattern that reach the catalog out of order, as they do from pollers on different silos.</summary>
public sealed class CatalogOrderingTests
{
    [Fact]
    public async Task CatalogIgnoresLateStaleRow()
    {
        using var directory = new TestDirectory();
        await using var agent = await AgentTestCluster.StartAsync(AgentSettings.ForFile(directory.File("app.log"), directory.File("incidents.jsonl")));
        var catalog = agent.Grains.GetGrain<ICatalogGrain>(GrainKeys.Cluster);

        await catalog.UpsertAsync([Row(totalCount: 10, PatternStatus.Candidate)]);
        await catalog.UpsertAsync([Row(totalCount: 7, PatternStatus.Candidate)]);

        var row = Assert.Single(await agent.PatternsAsync());
        Assert.Equal(10, row.TotalCount);
    }

    [Fact]
    public async Task CatalogTakesUpdateWithSameCount()
    {
        using var directory = new TestDirectory();
        await using var agent = await AgentTestCluster.StartAsync(AgentSettings.ForFile(directory.File("app.log"), directory.File("incidents.jsonl")));
        var catalog = agent.Grains.GetGrain<ICatalogGrain>(GrainKeys.Cluster);

        await catalog.UpsertAsync([Row(totalCount: 10, PatternStatus.Candidate)]);
        await catalog.UpsertAsync([Row(totalCount: 10, PatternStatus.Known)]);

        var row = Assert.Single(await agent.PatternsAsync());
        Assert.Equal(PatternStatus.Known, row.Status);
    }

    private static PatternSummary Row(long totalCount, PatternStatus status) => new(
        "app-0001", "app/s0", "GET <*> served in <*> ms", status, totalCount, 1.5,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(1), [], null, null);
}
