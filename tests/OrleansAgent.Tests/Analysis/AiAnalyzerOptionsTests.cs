using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Analysis;
using OrleansAgent.Grains.Analysis.Ai;

namespace OrleansAgent.Tests.Analysis;

public sealed class AiAnalyzerOptionsTests
{
    private readonly AiAnalyzerOptionsValidator _validator = new();

    [Fact]
    public void ValidateAcceptsDefaults()
    {
        var result = _validator.Validate(null, new AiAnalyzerOptions());

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("not a url", "Agent:Ai:Endpoint")]
    [InlineData("ftp://127.0.0.1/v1", "Agent:Ai:Endpoint")]
    [InlineData("/v1", "Agent:Ai:Endpoint")]
    public void ValidateRejectsEndpointThatIsNotHttpUrl(string endpoint, string setting)
    {
        var result = _validator.Validate(null, new AiAnalyzerOptions { Endpoint = endpoint, Model = "m" });

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateRejectsEndpointUserInfo()
    {
        var result = _validator.Validate(null, new AiAnalyzerOptions { Endpoint = "http://user:s3cret@127.0.0.1/v1", Model = "m" });

        Assert.True(result.Failed);
        Assert.DoesNotContain("s3cret", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateRequiresModelWhenEndpointSet()
    {
        var result = _validator.Validate(null, new AiAnalyzerOptions { Endpoint = "http://127.0.0.1:11434/v1" });

        Assert.Contains("Agent:Ai:Model", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(AiAnalyzerOptions.MaxSignalsPerCall))]
    [InlineData(nameof(AiAnalyzerOptions.MaxSamplesPerSignal))]
    [InlineData(nameof(AiAnalyzerOptions.MaxCallsPerHour))]
    [InlineData(nameof(AiAnalyzerOptions.MaxTokensPerDay))]
    [InlineData(nameof(AiAnalyzerOptions.Timeout))]
    [InlineData(nameof(AiAnalyzerOptions.MinConfidence))]
    public void ValidateRejectsOutOfRangeLimit(string setting)
    {
        var options = new AiAnalyzerOptions();
        switch (setting)
        {
            case nameof(AiAnalyzerOptions.MaxSignalsPerCall): options.MaxSignalsPerCall = 0; break;
            case nameof(AiAnalyzerOptions.MaxSamplesPerSignal): options.MaxSamplesPerSignal = -1; break;
            case nameof(AiAnalyzerOptions.MaxCallsPerHour): options.MaxCallsPerHour = 0; break;
            case nameof(AiAnalyzerOptions.MaxTokensPerDay): options.MaxTokensPerDay = 0; break;
            case nameof(AiAnalyzerOptions.Timeout): options.Timeout = TimeSpan.Zero; break;
            default: options.MinConfidence = 1.5; break;
        }

        var result = _validator.Validate(null, options);

        Assert.Contains("Agent:Ai:" + setting, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ToStringOmitsApiKey()
    {
        var options = new AiAnalyzerOptions { Endpoint = "http://127.0.0.1/v1", Model = "m", ApiKey = "sk-secret-value" };

        Assert.DoesNotContain("sk-secret-value", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AddAgentAnalysisNamesInvalidSetting()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Agent:Ai:MaxCallsPerHour"] = "-5" })
            .Build();
        using var provider = new ServiceCollection().AddAgentAnalysis(configuration).BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AiAnalyzerOptions>>().Value);

        Assert.Contains("Agent:Ai:MaxCallsPerHour", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAgentAnalysisBindsSection()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Agent:Ai:Endpoint"] = "http://127.0.0.1:8000/v1",
                ["Agent:Ai:Model"] = "qwen",
                ["Agent:Ai:MaxSignalsPerCall"] = "4",
            })
            .Build();
        using var provider = new ServiceCollection().AddAgentAnalysis(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<AiAnalyzerOptions>>().Value;

        Assert.Equal("qwen", options.Model);
        Assert.Equal(4, options.MaxSignalsPerCall);
        Assert.True(options.IsModelConfigured);
    }

    [Fact]
    public void ValidateRejectsUserPromptWithoutSignalsPlaceholder()
    {
        var directory = Directory.CreateTempSubdirectory("orleansagent-prompts-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "user.md"), "Triage these.");

            var result = _validator.Validate(null, new AiAnalyzerOptions { PromptDirectory = directory.FullName });

            Assert.Contains("{{signals}}", result.FailureMessage, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void AddAgentAnalysisReadsApiKeyFromEnvironment()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        using var provider = new ServiceCollection().AddAgentAnalysis(configuration).BuildServiceProvider();
        Environment.SetEnvironmentVariable(AiAnalyzerOptions.ApiKeyEnvironmentVariable, "sk-from-environment");
        try
        {
            var options = provider.GetRequiredService<IOptions<AiAnalyzerOptions>>().Value;

            Assert.Equal("sk-from-environment", options.ApiKey);
        }
        finally
        {
            Environment.SetEnvironmentVariable(AiAnalyzerOptions.ApiKeyEnvironmentVariable, null);
        }
    }
}
