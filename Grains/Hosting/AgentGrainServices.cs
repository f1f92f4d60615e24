using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Analysis;
using OrleansAgent.Grains.Analysis.Ai;
using OrleansAgent.Grains.Engine.Baseline;
using OrleansAgent.Grains.Engine.Detection;
using OrleansAgent.Grains.Engine.Mining;
using OrleansAgent.Grains.Incidents;
using OrleansAgent.Grains.Incidents.Configuration;
using OrleansAgent.Grains.Interfaces.Rules;
using OrleansAgent.Grains.Notifications;
using OrleansAgent.Grains.Rules;
using OrleansAgent.Grains.Sources;
using OrleansAgent.Grains.Sources.Polling;

namespace OrleansAgent.Grains.Hosting;

/// <summary>Registers the services that the agent's grains depend on.</summary>
public static class AgentGrainServices
{
    /// <summary>Adds options, the detection rules, sources, the incident journal and delivery, and analysis.</summary>
    public static IServiceCollection AddAgentGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient();

        services.AddOptions<DetectionOptions>().Bind(configuration.GetSection(DetectionOptions.SectionName))
            .Validate(
                options => options.RulesRefreshInterval >= TimeSpan.FromSeconds(1) && options.RulesRefreshInterval <= TimeSpan.FromMinutes(10),
                "Agent:Detection:RulesRefreshInterval must be between 00:00:01 and 00:10:00.")
            .ValidateOnStart();
        services.AddOptions<BaselineOptions>().Bind(configuration.GetSection("Agent:Baseline"))
            .Validate(options => options.GetValidationErrors().Count == 0, "Agent:Baseline is invalid.")
            .ValidateOnStart();
        services.AddOptions<MinerOptions>().Bind(configuration.GetSection("Agent:Miner"));
        // Each source is bound on its own, because the binder drops a list element with a value that does not convert
        // (PollInterval=abc) without an error, while binding a single object throws an error that names the setting.
        services.AddOptions<AgentSourcesOptions>()
            .Configure(options => options.Sources =
                [.. configuration.GetSection(SourceOptions.SectionName).GetChildren().Select(section => section.Get<SourceOptions>() ?? new SourceOptions())])
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AgentSourcesOptions>, AgentSourcesOptionsValidator>();

        services.AddOptions<RulesOptions>()
            .Configure(options => options.Initial = RuleSetConversion.FromConfiguration(configuration))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RulesOptions>, RulesOptionsValidator>();
        services.AddSingleton(provider => new InitialRuleSet(provider.GetRequiredService<IOptions<RulesOptions>>().Value.Initial));
        services.AddSingleton(provider => CreateDetectionRules(provider.GetRequiredService<InitialRuleSet>().Set));
        services.AddSingleton<DetectionRulesRefresher>();
        services.AddHostedService(provider => provider.GetRequiredService<DetectionRulesRefresher>());
        services.TryAddSingleton<PipelineMetrics>();
        services.AddSingleton<ISourceRegistry, ConfiguredSourceRegistry>();
        services.TryAddSingleton<IPollInterruption, NoPollInterruption>();
        services.AddSingleton<IncidentJournal>();
        services.AddAgentNotifications(configuration);
        services.AddOptions<IncidentOptions>().Bind(configuration.GetSection(IncidentOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IncidentOptions>, IncidentOptionsValidator>());
        services.TryAddSingleton<IIncidentDelivery, NotificationIncidentDelivery>();

        services.AddAgentAnalysis(configuration);
        services.AddSingleton<IPromptRedactor>(provider => new CurrentRulesPromptRedactor(provider.GetRequiredService<DetectionRules>()));
        services.AddSingleton<IIncidentGate>(provider =>
        {
            var ai = provider.GetRequiredService<IOptionsMonitor<AiAnalyzerOptions>>();
            return new MinimumConfidenceGate(() => ai.CurrentValue.MinConfidence);
        });
        return services;
    }

    private static DetectionRules CreateDetectionRules(RuleSet initial) =>
        new(RuleSetConversion.ToRedactor(initial), RuleSetConversion.ToRuleEngine(initial));
}
