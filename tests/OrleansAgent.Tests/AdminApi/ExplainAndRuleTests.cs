using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansAgent.Grains.Interfaces.Patterns;
using OrleansAgent.Grains.Interfaces.Sources;
using OrleansAgent.Silo.Sample;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.AdminApi;

/// <summary>Explain on generated and real lines, and rule changes that take effect without a restart.</summary>
public sealed class ExplainAndRuleTests(TrainedAgentFixture fixture) : IClassFixture<TrainedAgentFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task ExplainJudgesLearnedAndNewLines()
    {
        var learned = new SampleLogGenerator(seed: 11).Generate(TrainedAgentFixture.TrainingStart, TrainedAgentFixture.TrainingStart.AddMinutes(2))
            .Select(line => line.Text).Take(20).ToList();
        var novel = "2026-03-02 13:00:00.000 ERROR billing-worker: Ledger shard quorum vanished beyond recovery horizon";

        var response = await Client.PostAsJsonAsync("api/explain", new { lines = learned.Append(novel).ToList() });
        var lines = (await response.ReadJsonAsync())["lines"]!.AsArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(learned.Count + 1, lines.Count);
        Assert.All(lines.Take(learned.Count), line => Assert.Equal("known", line!["verdict"]!.GetValue<string>()));
        Assert.All(lines.Take(learned.Count), line => Assert.NotNull(line!["line"]!["patternId"]));
        Assert.All(lines.Take(learned.Count), line => Assert.NotNull(line!["line"]!["timestamp"]));
        Assert.Equal("unknown", lines[^1]!["verdict"]!.GetValue<string>());
        Assert.Equal("ERROR", lines[^1]!["line"]!["level"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"lines\": [\"a\",")]
    [InlineData("lines=a")]
    public async Task MalformedJsonBodyGetsProblemDetailsNamingTheError(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await Client.PostAsync("api/explain", content);
        var problem = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("LineNumber", problem["detail"]!.GetValue<string>());
        Assert.Contains("docs/admin-api.md", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExplainChangesNothing()
    {
        var before = await CatalogAsync();
        var status = await fixture.Agent.Grains.GetGrain<ISourcePollerGrain>(AgentSettings.SourceName).GetStatusAsync();
        var lines = new SampleLogGenerator(seed: 5).Generate(TrainedAgentFixture.TrainingEnd, TrainedAgentFixture.TrainingEnd.AddMinutes(5))
            .Select(line => line.Text).Take(200).Append("a completely new line shape never seen 42").ToList();

        var response = await Client.PostAsJsonAsync("api/explain", new { lines });
        var after = await CatalogAsync();
        var statusAfter = await fixture.Agent.Grains.GetGrain<ISourcePollerGrain>(AgentSettings.SourceName).GetStatusAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before.Select(CatalogRows.Describe), after.Select(CatalogRows.Describe));
        Assert.Equal(status.PatternCount, statusAfter.PatternCount);
        Assert.Equal(status.LinesRead, statusAfter.LinesRead);
    }

    [Fact]
    public async Task ExplainRedactsSecrets()
    {
        var line = "2026-03-02 13:00:00.000 WARN auth: login failed for alice@example.com password=hunter2secret";

        var response = await Client.PostAsJsonAsync("api/explain", new { lines = new[] { line } });
        var text = await response.Content.ReadAsStringAsync();
        var explained = JsonNode.Parse(text)!["lines"]![0]!["line"]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("alice@example.com", text);
        Assert.DoesNotContain("hunter2secret", text);
        Assert.Contains("<EMAIL>", explained["redacted"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExplainParsesRealLoghubLines()
    {
        var hdfs = LoghubData.Lines("HDFS", 50);
        if (hdfs is null)
        {
            return; // NOTE: Loghub data is optional; without it this test checks nothing.
        }

        var response = await Client.PostAsJsonAsync("api/explain", new { lines = hdfs });
        var lines = (await response.ReadJsonAsync())["lines"]!.AsArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(hdfs.Count, lines.Count);
        Assert.All(lines, line => Assert.Equal("INFO", line!["line"]!["level"]?.GetValue<string>()));
        Assert.All(lines, line => Assert.False(line!["line"]!["content"]!.GetValue<string>().StartsWith("081109", StringComparison.Ordinal)));
        Assert.All(lines, line => Assert.NotNull(line!["line"]!["timestamp"]));
    }

    [Theory]
    [InlineData("{\"lines\": []}")]
    [InlineData("{\"source\": \"nope\", \"lines\": [\"x\"]}")]
    [InlineData("{\"lines\": [null]}")]
    public async Task ExplainRejectsBadInput(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await Client.PostAsync("api/explain", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ExplainRefusesTooManyLines()
    {
        var lines = Enumerable.Repeat("x", 1001).ToList();

        var response = await Client.PostAsJsonAsync("api/explain", new { lines });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task NewRuleAppliesAtOnce()
    {
        var line = "2026-03-02 13:00:00.000 ERROR payments: card processor returned code PX-991";

        var created = await Client.PostAsJsonAsync("api/rules", new { name = "px-errors", pattern = @"PX-\d+", severity = "high" });
        var explained = (await (await Client.PostAsJsonAsync("api/explain", new { lines = new[] { line } })).ReadJsonAsync())["lines"]![0]!;
        var listed = await Client.GetJsonAsync("api/rules");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("rule", explained["verdict"]!.GetValue<string>());
        Assert.Equal("px-errors", explained["line"]!["ruleMatches"]![0]!["ruleName"]!.GetValue<string>());
        Assert.Contains(listed["rules"]!.AsArray(), rule => rule!["name"]!.GetValue<string>() == "px-errors");
        Assert.True(listed["version"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task IgnoreRuleCanBeReplacedAndDeleted()
    {
        var line = "2026-03-02 13:00:00.000 INFO lb: health probe ok";
        await Client.PostAsJsonAsync("api/rules", new { name = "probes", pattern = "health probe", action = "alert", severity = "low" });

        var replaced = await Client.PutAsJsonAsync("api/rules/probes", new { pattern = "health probe", action = "ignore" });
        var ignored = (await (await Client.PostAsJsonAsync("api/explain", new { lines = new[] { line } })).ReadJsonAsync())["lines"]![0]!;
        var deleted = await Client.DeleteAsync("api/rules/probes");
        var afterDelete = (await (await Client.PostAsJsonAsync("api/explain", new { lines = new[] { line } })).ReadJsonAsync())["lines"]![0]!;

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("ignored", ignored["verdict"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(afterDelete["line"]!["ruleMatches"]!.AsArray());
    }

    [Fact]
    public async Task DuplicateRuleNameIsConflict()
    {
        await Client.PostAsJsonAsync("api/rules", new { name = "twice", pattern = "twice" });

        var second = await Client.PostAsJsonAsync("api/rules", new { name = "twice", pattern = "again" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Theory]
    [InlineData("(unclosed", "does not parse")]
    [InlineData(@"^(\w+\s?)*$(?<=x)", "backtracking")]
    [InlineData("", "empty")]
    public async Task InvalidRuleIsRejectedWithTheReason(string pattern, string reason)
    {
        var response = await Client.PostAsJsonAsync("api/rules", new { name = "bad-" + reason, pattern });
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, text);
        Assert.DoesNotContain((await Client.GetJsonAsync("api/rules"))["rules"]!.AsArray(), rule => rule!["name"]!.GetValue<string>() == "bad-" + reason);
    }

    [Fact]
    public async Task RedactionPatternAppliesAtOnce()
    {
        var line = "2026-03-02 13:00:00.000 INFO crm: updated customer CUST-00042917";

        var created = await Client.PostAsJsonAsync("api/redaction-patterns", new { name = "customer", pattern = @"CUST-\d{8}", placeholder = "<CUSTOMER_ID>" });
        var explained = (await (await Client.PostAsJsonAsync("api/explain", new { lines = new[] { line } })).ReadJsonAsync())["lines"]![0]!;
        var bad = await Client.PostAsJsonAsync("api/redaction-patterns", new { name = "no-placeholder", pattern = "x" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("<CUSTOMER_ID>", explained["line"]!["redacted"]!.GetValue<string>());
        Assert.DoesNotContain("CUST-00042917", explained["line"]!["redacted"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private async Task<IReadOnlyList<PatternSummary>> CatalogAsync()
    {
        var page = await fixture.Agent.Grains.GetGrain<ICatalogGrain>(GrainKeys.Cluster)
            .QueryAsync(new PatternQuery(null, null, null, null, PatternSort.FirstSeen, false, 0, 1000));
        return page.Items;
    }
}
