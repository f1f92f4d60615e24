using System.Net;
using System.Net.Http.Json;
using OrleansAgent.Grains.Interfaces.Patterns;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.AdminApi;

/// <summary>Listing, reset, merge and delete of patterns through the API, with their audit entries.</summary>
public sealed class PatternChangeTests(TrainedAgentFixture fixture) : IClassFixture<TrainedAgentFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task ListFiltersByLabelAndText()
    {
        var (labelled, word) = (await AllPatternsAsync())
            .Select(row => (Row: row, Word: row.Template.Split(' ').FirstOrDefault(token => token.Length > 3 && token.All(char.IsLetter))))
            .First(candidate => candidate.Word is not null);
        await Client.PatchAsJsonAsync($"api/patterns/{labelled.PatternId}", new { labels = new[] { "listing-label" } });

        var byLabel = await Client.GetJsonAsync("api/patterns?label=listing-label");
        var byText = await Client.GetJsonAsync($"api/patterns?q={Uri.EscapeDataString(word!)}&limit=1000");

        Assert.Equal(labelled.PatternId, Assert.Single(byLabel["items"]!.AsArray())!["patternId"]!.GetValue<string>());
        Assert.All(byText["items"]!.AsArray(), item => Assert.Contains(word!, item!["template"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase));
        Assert.Contains(byText["items"]!.AsArray(), item => item!["patternId"]!.GetValue<string>() == labelled.PatternId);
    }

    [Fact]
    public async Task ListRejectsUnknownSort()
    {
        var response = await Client.GetAsync("api/patterns?sort=alphabetical");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("sort", (await response.ReadJsonAsync())["errors"]!.AsObject().Select(pair => pair.Key));
    }

    [Fact]
    public async Task ResetBaselineForgetsTheWindows()
    {
        var pattern = (await AllPatternsAsync()).First(row => row.BaselineMean > 0);

        var response = await Client.PostAsync($"api/patterns/{pattern.PatternId}/reset-baseline", null);
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, body["baselineWindows"]!.GetValue<int>());
        Assert.Equal(0, body["summary"]!["baselineMean"]!.GetValue<double>());
        Assert.Equal(pattern.TotalCount, body["summary"]!["totalCount"]!.GetValue<long>());
    }

    [Fact]
    public async Task MergeMovesCountsAndLabelsToTheTarget()
    {
        var patterns = await AllPatternsAsync();
        var (source, target) = (patterns[^1], patterns[^2]);
        await Client.PatchAsJsonAsync($"api/patterns/{source.PatternId}", new { labels = new[] { "merged-label" } });

        var response = await Client.PostAsJsonAsync($"api/patterns/{source.PatternId}/merge", new { into = target.PatternId });
        var merged = await fixture.Agent.Grains.GetGrain<IPatternGrain>(source.PatternId).GetAsync();
        var catalogRow = (await fixture.Agent.Grains.GetGrain<ICatalogGrain>(GrainKeys.Cluster)
            .QueryAsync(new PatternQuery(null, null, "merged-label", null, PatternSort.Count, true, 0, 1000))).Items.Single(row => row.PatternId == source.PatternId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(source.TotalCount + target.TotalCount, body["summary"]!["totalCount"]!.GetValue<long>());
        Assert.Contains("merged-label", body["summary"]!["labels"]!.AsArray().Select(label => label!.GetValue<string>()));
        Assert.Equal(target.PatternId, merged!.Summary.MergedInto);
        Assert.Equal(target.PatternId, catalogRow.MergedInto);
    }

    [Fact]
    public async Task MergeIntoItselfIsRejected()
    {
        var pattern = (await AllPatternsAsync())[0];

        var response = await Client.PostAsJsonAsync($"api/patterns/{pattern.PatternId}/merge", new { into = pattern.PatternId });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task DeleteRemovesStateAndCatalogRow()
    {
        var pattern = (await AllPatternsAsync())[^3];

        var response = await Client.DeleteAsync($"api/patterns/{pattern.PatternId}");
        var again = await Client.GetAsync($"api/patterns/{pattern.PatternId}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.DoesNotContain(await AllPatternsAsync(), row => row.PatternId == pattern.PatternId);
        var audit = await Client.GetJsonAsync("api/audit?limit=1000");
        Assert.Contains(audit["items"]!.AsArray(), item =>
            item!["action"]!.GetValue<string>() == "DELETE /api/patterns/{id}" && item["target"]!.GetValue<string>() == pattern.PatternId
            && item["after"] is null && item["before"]!.GetValue<string>().Contains(pattern.PatternId));
    }

    [Theory]
    [InlineData("PATCH", "api/patterns/no-such-pattern")]
    [InlineData("POST", "api/patterns/no-such-pattern/reset-baseline")]
    [InlineData("POST", "api/patterns/no-such-pattern/merge")]
    [InlineData("DELETE", "api/patterns/no-such-pattern")]
    [InlineData("GET", "api/patterns/no-such-pattern")]
    [InlineData("GET", "api/rules/no-such-rule")]
    [InlineData("DELETE", "api/redaction-patterns/no-such-pattern")]
    [InlineData("POST", "api/sources/no-such-source/pause")]
    public async Task UnknownIdIsNotFound(string method, string path)
    {
        var target = (await AllPatternsAsync())[0].PatternId;
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "PATCH" or "POST")
        {
            request.Content = JsonContent.Create(new { status = "known", into = target });
        }

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task OversizedBodyIsRefused()
    {
        var pattern = (await AllPatternsAsync())[0];
        var note = new string('n', 2 * 1024 * 1024);

        var response = await Client.PatchAsJsonAsync($"api/patterns/{pattern.PatternId}", new { note });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OversizedChunkedBodyIsRefused()
    {
        var line = new string('x', 60_000);
        var json = "{\"lines\": [" + string.Join(",", Enumerable.Repeat($"\"{line}\"", 80)) + "]}";
        using var content = new StreamContent(new NonSeekableStream(System.Text.Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await Client.PostAsync("api/explain", content);

        Assert.Null(content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task MalformedJsonIsBadRequest()
    {
        var pattern = (await AllPatternsAsync())[0];
        using var content = new StringContent("{\"status\": ", System.Text.Encoding.UTF8, "application/json");

        var response = await Client.PatchAsync($"api/patterns/{pattern.PatternId}", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ReadinessReportsGrowthAndRecommendation()
    {
        var report = await Client.GetJsonAsync("api/mode/readiness?hours=4");

        Assert.Equal("training", report["mode"]!.GetValue<string>());
        Assert.Equal(4, report["growth"]!["perHour"]!.AsArray().Count);
        Assert.True(report["growth"]!["patterns"]!.GetValue<int>() > 0);
        Assert.False(string.IsNullOrWhiteSpace(report["recommendation"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AiStatusSaysNoModelIsConfigured()
    {
        var status = await Client.GetJsonAsync("api/ai");

        Assert.False(status["modelConfigured"]!.GetValue<bool>());
    }

    private async Task<IReadOnlyList<PatternSummary>> AllPatternsAsync()
    {
        var page = await fixture.Agent.Grains.GetGrain<ICatalogGrain>(GrainKeys.Cluster)
            .QueryAsync(new PatternQuery(null, null, null, null, PatternSort.Count, true, 0, 1000));
        return page.Items.Where(row => row.MergedInto is null).ToList();
    }

    /// <summary>A stream without a length, so the client sends the body chunked.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
