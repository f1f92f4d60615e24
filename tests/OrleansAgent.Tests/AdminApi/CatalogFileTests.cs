using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OrleansAgent.AdminApi.Catalog;
using OrleansAgent.Grains.Interfaces.Patterns;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.AdminApi;

/// <summary>Catalog export, import and snapshot files through the running host.</summary>
public sealed class CatalogFileTests(CatalogFileTests.Fixture fixture) : IClassFixture<CatalogFileTests.Fixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task ExportDeleteAllImportRestoresTheSameCatalog()
    {
        var rows = await CatalogAsync();
        await Client.PatchAsJsonAsync($"api/patterns/{rows[0].PatternId}", new { status = "suppressed", labels = new[] { "db", "noisy" }, note = "kept" });
        var before = (await CatalogAsync()).Select(CatalogRows.Describe).ToList();
        var file = await Client.GetStringAsync("api/catalog/export");

        foreach (var row in await CatalogAsync())
        {
            Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"api/patterns/{row.PatternId}")).StatusCode);
        }

        var emptied = await CatalogAsync();
        using var content = new StringContent(file, Encoding.UTF8, "application/json");
        var imported = await Client.PostAsync("api/catalog/import", content);
        var after = (await CatalogAsync()).Select(CatalogRows.Describe).ToList();
        var details = await fixture.Agent.Grains.GetGrain<IPatternGrain>(rows[0].PatternId).GetAsync();

        Assert.Empty(emptied);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(before, after);
        Assert.Equal("kept", details!.Note);
        Assert.True(details.BaselineWindows > 0);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("bad-status")]
    [InlineData("no-patterns")]
    [InlineData("bad-baseline")]
    [InlineData("duplicate-id")]
    public async Task InvalidImportChangesNothing(string defect)
    {
        var before = (await CatalogAsync()).Select(CatalogRows.Describe).ToList();
        var file = JsonNode.Parse(await Client.GetStringAsync("api/catalog/export"))!;
        var patterns = file["patterns"]!.AsArray();
        patterns[0]!["labels"] = new JsonArray("imported-label");
        var text = defect switch
        {
            "truncated" => file.ToJsonString()[..(file.ToJsonString().Length / 2)],
            "bad-status" => Set(file, patterns[^1]!, "status", "forgotten"),
            "no-patterns" => "{\"version\": 1}",
            "bad-baseline" => Set(file, patterns[^1]!, "baseline", new JsonObject { ["WindowSizeTicks"] = 7, ["Mean"] = -1 }),
            _ => AddDuplicate(file, patterns),
        };
        using var content = new StringContent(text, Encoding.UTF8, "application/json");

        var response = await Client.PostAsync("api/catalog/import", content);
        var after = (await CatalogAsync()).Select(CatalogRows.Describe).ToList();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task SnapshotWritesFileAndRotatesBackups()
    {
        var first = await Client.PostAsync("api/catalog/snapshot", null);
        var second = await Client.PostAsync("api/catalog/snapshot", null);
        var third = await Client.PostAsync("api/catalog/snapshot", null);
        var path = Path.Combine(fixture.SnapshotDirectory, CatalogSnapshotWriter.FileName);
        var document = JsonNode.Parse(await File.ReadAllTextAsync(path))!;

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await CatalogAsync()).Count, document["patterns"]!.AsArray().Count);
        Assert.True(File.Exists(path + ".1"));
        Assert.True(File.Exists(path + ".2"));
        Assert.False(File.Exists(path + ".3"));
        Assert.Empty(Directory.GetFiles(fixture.SnapshotDirectory, "*.tmp"));
    }

    private static string Set(JsonNode file, JsonNode pattern, string property, JsonNode value)
    {
        pattern[property] = value;
        return file.ToJsonString();
    }

    private static string AddDuplicate(JsonNode file, JsonArray patterns)
    {
        patterns.Add(patterns[0]!.DeepClone());
        return file.ToJsonString();
    }

    private async Task<IReadOnlyList<PatternSummary>> CatalogAsync()
    {
        var page = await fixture.Agent.Grains.GetGrain<ICatalogGrain>(GrainKeys.Cluster)
            .QueryAsync(new PatternQuery(null, null, null, null, PatternSort.FirstSeen, false, 0, 1000));
        return page.Items;
    }

    /// <summary>A trained agent whose snapshots go to a temporary folder with two backups.</summary>
    public sealed class Fixture : TrainedAgentFixture
    {
        private readonly TestDirectory _snapshots = new();

        public string SnapshotDirectory => _snapshots.Path;

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Agent:Catalog:SnapshotDirectory"] = _snapshots.Path,
            ["Agent:Catalog:SnapshotBackups"] = "2",
        };
    }
}
