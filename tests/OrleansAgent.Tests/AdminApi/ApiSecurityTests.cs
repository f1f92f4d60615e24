using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansAgent.Grains.Interfaces.Patterns;
using OrleansAgent.Tests.Infrastructure;
using static OrleansAgent.Tests.AdminApi.SecuredAgentFixture;

namespace OrleansAgent.Tests.AdminApi;

/// <summary>API keys, roles and anonymous endpoints, through the running host.</summary>
public sealed class ApiSecurityTests(SecuredAgentFixture fixture) : IClassFixture<SecuredAgentFixture>
{
    [Fact]
    public async Task RequestWithoutKeyIsUnauthorized()
    {
        using var client = fixture.Agent.CreateClient();

        var response = await client.GetAsync("api/mode");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RequestWithUnknownKeyIsUnauthorized()
    {
        using var client = fixture.Agent.CreateClient("not-a-configured-key-at-all");

        var response = await client.GetAsync("api/patterns");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ViewerReadsEveryArea()
    {
        using var client = fixture.Agent.CreateClient(ViewerKey);

        foreach (var path in new[] { "api/mode", "api/mode/readiness", "api/patterns", "api/shadow", "api/shadow/precision/daily", "api/incidents", "api/sources", "api/rules", "api/redaction-patterns", "api/catalog/export", "api/ai" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task ViewerCanChangeNothing()
    {
        using var client = fixture.Agent.CreateClient(ViewerKey);
        var patternId = await AnyPatternIdAsync();

        var attempts = new[]
        {
            await client.PutAsJsonAsync("api/mode", new { mode = "shadow", reason = "viewer tries" }),
            await client.PatchAsJsonAsync($"api/patterns/{patternId}", new { status = "suppressed" }),
            await client.PostAsync($"api/patterns/{patternId}/reset-baseline", null),
            await client.DeleteAsync($"api/patterns/{patternId}"),
            await client.PostAsJsonAsync("api/rules", new { name = "r", pattern = "x" }),
            await client.PostAsJsonAsync("api/explain", new { lines = new[] { "x" } }),
            await client.PostAsync("api/sources/app/pause", null),
        };

        Assert.All(attempts, response => Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode));
        var details = await fixture.Agent.Grains.GetGrain<IPatternGrain>(patternId).GetAsync();
        Assert.NotEqual(PatternStatus.Suppressed, details!.Summary.Status);
    }

    [Fact]
    public async Task OperatorChangesPatternsButNotRulesOrAudit()
    {
        using var client = fixture.Agent.CreateClient(OperatorKey);
        var patternId = await AnyPatternIdAsync();

        var patch = await client.PatchAsJsonAsync($"api/patterns/{patternId}", new { labels = new[] { "operator-label" } });
        var rule = await client.PostAsJsonAsync("api/rules", new { name = "operator-rule", pattern = "x" });
        var audit = await client.GetAsync("api/audit");
        var delete = await client.DeleteAsync($"api/patterns/{patternId}");

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, rule.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
    }

    [Fact]
    public async Task BearerKeyIsAccepted()
    {
        using var client = fixture.Agent.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ViewerKey);

        var response = await client.GetAsync("api/mode");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task BrowserBasicCredentialsOpenTheDashboard()
    {
        using var client = fixture.Agent.CreateClient();
        var refused = await client.GetAsync("dashboard/");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("any-user:" + ViewerKey)));

        var served = await client.GetAsync("dashboard/");

        Assert.Contains(refused.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Basic");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task AuditNamesTheKeyButNeverHoldsIt()
    {
        using var operatorClient = fixture.Agent.CreateClient(OperatorKey);
        var patternId = await AnyPatternIdAsync();
        await operatorClient.PatchAsJsonAsync($"api/patterns/{patternId}", new { note = "checked by on-call" });

        var response = await fixture.Client.GetAsync("api/audit?limit=1000");
        var text = await response.Content.ReadAsStringAsync();
        var items = JsonNode.Parse(text)!["items"]!.AsArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = Assert.Single(items, item => item!["target"]!.GetValue<string>() == patternId && item["after"]!.GetValue<string>().Contains("checked by on-call"));
        Assert.Equal("on-call", entry!["actor"]!.GetValue<string>());
        Assert.Equal("PATCH /api/patterns/{id}", entry["action"]!.GetValue<string>());
        Assert.DoesNotContain(OperatorKey, text);
        Assert.DoesNotContain(AdminKey, text);
    }

    [Theory]
    [InlineData("api/audit?limit=0")]
    [InlineData("api/audit?offset=-1")]
    [InlineData("api/patterns?status=forgotten")]
    [InlineData("api/mode/readiness?hours=0")]
    public async Task BadQueryIsBadRequest(string path)
    {
        var response = await fixture.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task HealthIsAnonymous()
    {
        using var client = fixture.Agent.CreateClient();

        var health = await client.GetAsync("health");
        var ready = await client.GetAsync("health/ready");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task DashboardNeedsAKey()
    {
        using var anonymous = fixture.Agent.CreateClient();
        using var viewer = fixture.Agent.CreateClient(ViewerKey);

        var refused = await anonymous.GetAsync("dashboard/");
        var served = await viewer.GetAsync("dashboard/");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task MetricsExposePipelineCountersToViewers()
    {
        using var anonymous = fixture.Agent.CreateClient();
        using var viewer = fixture.Agent.CreateClient(ViewerKey);

        var refused = await anonymous.GetAsync("metrics");
        var text = await Eventually.WaitAsync(
            () => viewer.GetStringAsync("metrics"), body => body.Contains("orleansagent_pipeline_lines_read", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("orleansagent_pipeline_lines_read", text);
        Assert.Contains("orleansagent_pipeline_verdict_lines", text);
        Assert.Matches(new System.Text.RegularExpressions.Regex("^orleans_", System.Text.RegularExpressions.RegexOptions.Multiline), text);
    }

    [Fact]
    public async Task AckLinkIsAnonymousAndChecksTheToken()
    {
        using var client = fixture.Agent.CreateClient();
        var signer = (Grains.Notifications.Delivery.AckTokenSigner)fixture.Agent.Services.GetService(typeof(Grains.Notifications.Delivery.AckTokenSigner))!;
        var valid = signer.CreateToken("incident-that-does-not-exist", DateTimeOffset.UtcNow.AddHours(1));
        var forOther = signer.CreateToken("another-incident", DateTimeOffset.UtcNow.AddHours(1));

        var missing = await client.GetAsync($"api/incidents/incident-that-does-not-exist/ack?token={Uri.EscapeDataString(valid)}");
        var wrong = await client.GetAsync($"api/incidents/incident-that-does-not-exist/ack?token={Uri.EscapeDataString(forOther)}");
        var none = await client.GetAsync("incidents/incident-that-does-not-exist/ack");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
    }

    private async Task<string> AnyPatternIdAsync()
    {
        var page = await fixture.Agent.Grains.GetGrain<ICatalogGrain>(GrainKeys.Cluster)
            .QueryAsync(new PatternQuery(null, null, null, null, PatternSort.Count, true, 0, 1));
        return Assert.Single(page.Items).PatternId;
    }
}
