using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Tests.Analysis;

/// <summary>Runs only when <c>ORLEANSAGENT_TEST_LLM_ENDPOINT</c> and <c>ORLEANSAGENT_TEST_LLM_MODEL</c> name a model server.</summary>
public sealed class LocalModelFactAttribute : FactAttribute
{
    public const string EndpointVariable = "ORLEANSAGENT_TEST_LLM_ENDPOINT";
    public const string ModelVariable = "ORLEANSAGENT_TEST_LLM_MODEL";

    public LocalModelFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EndpointVariable))
            || string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ModelVariable)))
        {
            Skip = $"Set {EndpointVariable} (an OpenAI-compatible /v1 URL) and {ModelVariable} to run against a real model server.";
        }
    }
}

public sealed class LocalModelTests
{
    [LocalModelFact]
    public async Task AnalyzeGetsValidFindingFromLocalModel()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Agent:Ai:Endpoint"] = Environment.GetEnvironmentVariable(LocalModelFactAttribute.EndpointVariable),
            ["Agent:Ai:Model"] = Environment.GetEnvironmentVariable(LocalModelFactAttribute.ModelVariable),
            ["Agent:Ai:Timeout"] = "00:02:00",
        };
        using var harness = AiAnalyzerHarness.Create(server: null, settings);
        var signal = TestSignals.Create(
            template: "Payment gateway timeout after <*> ms calling <*>",
            samples: ["Payment gateway timeout after 5000 ms calling payments-api:8443"],
            verdict: Verdict.Spike,
            baselineMean: 2,
            windowCount: 40,
            ratio: 20);

        var findings = await harness.Analyzer.AnalyzeAsync([signal], CancellationToken.None);

        var finding = Assert.Single(findings);
        Assert.Null(finding.FallbackReason);
        Assert.False(finding.IsDeterministic);
        Assert.InRange(finding.Confidence, 0, 1);
        Assert.NotEmpty(finding.Title);
    }
}
