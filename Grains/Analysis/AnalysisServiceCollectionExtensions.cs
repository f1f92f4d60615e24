using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Analysis.Ai;
using OrleansAgent.Grains.Analysis.Budget;

namespace OrleansAgent.Grains.Analysis;

/// <summary>Registers the analysis stage.</summary>
public static class AnalysisServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AiAnalyzerOptions"/> from <c>Agent:Ai</c> (validated at start-up), the
    /// <see cref="DeterministicAnalyzer"/>, the <see cref="AiAnalyzer"/> as <see cref="IFindingAnalyzer"/> and the
    /// cluster budget <see cref="GrainAiBudget"/> as <see cref="IAiBudget"/>. The caller registers an
    /// <see cref="IPromptRedactor"/>; without one, resolving the analyzer fails.
    /// </summary>
    public static IServiceCollection AddAgentAnalysis(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AiAnalyzerOptions>()
            .Bind(configuration.GetSection(AiAnalyzerOptions.SectionName))
            .PostConfigure(options =>
            {
                if (string.IsNullOrEmpty(options.ApiKey))
                {
                    options.ApiKey = Environment.GetEnvironmentVariable(AiAnalyzerOptions.ApiKeyEnvironmentVariable);
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AiAnalyzerOptions>, AiAnalyzerOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddHttpClient(AiAnalyzer.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);

        services.TryAddSingleton<DeterministicAnalyzer>();
        services.TryAddSingleton<AiAnalyzerMetrics>();
        services.TryAddSingleton<IAiBudget, GrainAiBudget>();
        services.TryAddSingleton<AiAnalyzer>();
        services.TryAddSingleton<IFindingAnalyzer>(provider => provider.GetRequiredService<AiAnalyzer>());
        return services;
    }
}
