using Microsoft.Extensions.DependencyInjection;
using OrleansAgent.Grains.Engine.Detection;
using OrleansAgent.Grains.Interfaces.Rules;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.AdminApi;

/// <summary>A rule stored in the rules grain reaches every silo's detection rules without a restart.</summary>
public sealed class RulePropagationTests
{
    [Fact]
    public async Task EverySiloAppliesAStoredRuleSet()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Agent:Detection:RulesRefreshInterval"] = "00:00:01",
            ["Agent:Rules:0:Name"] = "configured",
            ["Agent:Rules:0:Pattern"] = "FATAL",
            ["Agent:Rules:0:Severity"] = "High",
        };
        await using var agent = await AgentTestCluster.StartAsync(settings, silos: 2);
        var rulesGrain = agent.Grains.GetGrain<IRulesGrain>(GrainKeys.Cluster);
        var initial = await rulesGrain.GetAsync();

        var stored = await rulesGrain.ReplaceAsync(initial with
        {
            Rules = initial.Rules.Add(new StoredRule("disk-full", "No space left", Severity.Critical, "alert", null)),
            RedactionPatterns = [new StoredRedactionPattern("ticket", @"TCK-\d+", "<TICKET>")],
        });
        var silos = agent.Cluster.Silos.Select(silo => silo.ServiceProvider.GetRequiredService<DetectionRules>()).ToList();
        var applied = await Eventually.WaitAsync(
            () => Task.FromResult(silos.Count(rules => rules.Current.Rules.Rules.Any(rule => rule.Name == "disk-full"))),
            count => count == silos.Count,
            TimeSpan.FromSeconds(30));

        Assert.Equal("configured", Assert.Single(initial.Rules).Name);
        Assert.Equal(1, stored!.Version);
        Assert.Equal(2, silos.Count);
        Assert.Equal(silos.Count, applied);
        Assert.All(silos, rules => Assert.Equal("<TICKET> done", rules.Current.Redactor.Redact("TCK-123 done")));
    }

    [Fact]
    public void DefinitionsConvertToTheStoredForm()
    {
        var set = Grains.Rules.RuleSetConversion.FromDefinitions(
            [new Grains.Engine.Rules.RuleDefinition("probes", "health", Severity.Low, Grains.Engine.Rules.RuleAction.Ignore, "app")],
            [new Grains.Engine.Redaction.RedactionPattern("ticket", @"TCK-\d+", "<TICKET>")]);

        var rule = Assert.Single(set.Rules);
        Assert.Equal(0, set.Version);
        Assert.Equal(new StoredRule("probes", "health", Severity.Low, "ignore", "app"), rule);
        Assert.Equal(Grains.Engine.Rules.RuleAction.Ignore, Grains.Rules.RuleSetConversion.ToDefinition(rule).Action);
        Assert.Equal("<TICKET>", Assert.Single(set.RedactionPatterns).Placeholder);
    }

    [Fact]
    public async Task StaleOrInvalidSetIsRefused()
    {
        await using var agent = await AgentTestCluster.StartAsync(new Dictionary<string, string?>());
        var rulesGrain = agent.Grains.GetGrain<IRulesGrain>(GrainKeys.Cluster);
        var initial = await rulesGrain.GetAsync();
        Assert.NotNull(await rulesGrain.ReplaceAsync(initial with { Rules = [new StoredRule("first", "a", Severity.Low, "alert", null)] }));

        var stale = await rulesGrain.ReplaceAsync(initial with { Rules = [new StoredRule("second", "b", Severity.Low, "alert", null)] });
        var current = await rulesGrain.GetAsync();
        var invalid = await Assert.ThrowsAsync<ArgumentException>(() =>
            rulesGrain.ReplaceAsync(current with { Rules = [new StoredRule("broken", "(", Severity.Low, "alert", null)] }));

        Assert.Null(stale);
        Assert.Contains("broken", invalid.Message);
        Assert.Equal("first", Assert.Single((await rulesGrain.GetAsync()).Rules).Name);
    }
}
