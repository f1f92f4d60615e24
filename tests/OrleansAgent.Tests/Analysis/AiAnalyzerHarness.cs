using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Analysis;
using OrleansAgent.Grains.Analysis.Ai;
using OrleansAgent.Grains.Analysis.Budget;

namespace OrleansAgent.Tests.Analysis;

/// <summary>
/// An <see cref="AiAnalyzer"/> built through <see cref="AnalysisServiceCollectionExtensions.AddAgentAnalysis"/>,
/// with an in-process budget (unless one is given) and the canary redactor.
/// </summary>
internal sealed class AiAnalyzerHarness : IDisposable
{
    private readonly ServiceProvider _provider;

    private AiAnalyzerHarness(ServiceProvider provider)
    {
        _provider = provider;
        Analyzer = provider.GetRequiredService<AiAnalyzer>();
        Redactor = (CanaryRedactor)provider.GetRequiredService<IPromptRedactor>();
    }

    public AiAnalyzer Analyzer { get; }

    public CanaryRedactor Redactor { get; }

    public IMeterFactory MeterFactory => _provider.GetRequiredService<IMeterFactory>();

    public AiAnalyzerOptions Options => _provider.GetRequiredService<IOptions<AiAnalyzerOptions>>().Value;

    /// <summary>Builds a harness against <paramref name="server"/>, or with no model when it is <c>null</c>.</summary>
    public static AiAnalyzerHarness Create(FakeOpenAiServer? server, IDictionary<string, string?>? settings = null, Func<IServiceProvider, IAiBudget>? budget = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Agent:Ai:Timeout"] = "00:00:10",
        };
        if (server is not null)
        {
            values["Agent:Ai:Endpoint"] = server.BaseUrl.ToString();
            values["Agent:Ai:Model"] = "fake-model";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IPromptRedactor, CanaryRedactor>();
        services.AddAgentAnalysis(configuration);
        if (budget is null)
        {
            services.AddSingleton<IAiBudget, InMemoryAiBudget>();
        }
        else
        {
            services.AddSingleton(budget);
        }

        return new AiAnalyzerHarness(services.BuildServiceProvider(validateScopes: true));
    }

    public void Dispose() => _provider.Dispose();
}
