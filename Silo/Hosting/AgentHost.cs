using System.Net;
using System.Text.Json.Serialization;
using Orleans.Configuration;
using Orleans.Dashboard;
using OpenTelemetry.Metrics;
using OrleansAgent.AdminApi;
using OrleansAgent.AdminApi.Security;
using OrleansAgent.Grains.Analysis.Ai;
using OrleansAgent.Grains.Hosting;
using OrleansAgent.Silo.Hosting.Entra;
using OrleansAgent.Silo.Sample;
using Scalar.AspNetCore;

namespace OrleansAgent.Silo.Hosting;

/// <summary>Builds the agent's host: the Orleans silo, the admin API and the dashboard on one Kestrel.</summary>
public static class AgentHost
{
    /// <summary>
    /// Builds the web application from <paramref name="args"/> and <paramref name="overrides"/> (settings that
    /// the command line derived, such as a file source). <paramref name="configureServices"/> runs after the agent's
    /// own registrations, so it can replace a service. Returns the application with the embedded store it started,
    /// if any, which the caller disposes after the application stopped.
    /// </summary>
    public static (WebApplication App, EmbeddedGarnet? Garnet) Build(
        string[] args, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null)
    {
        // Settings files sit beside the binary, so the command works from any folder; data paths stay relative
        // to the folder the command runs in.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        // Before anything starts: an API without keys must not listen where other machines reach it.
        ApiBindingGuard.Check(builder.Configuration);

        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
            options.UseUtcTimestamp = true;
        });

        var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        var identity = builder.Configuration.GetSection(ClusterIdentityOptions.SectionName).Get<ClusterIdentityOptions>() ?? new ClusterIdentityOptions();
        StorageSettingsValidator.ThrowIfInvalid(storage, identity);
        var advertised = storage.UseRedisClustering
            ? SiloAddressResolver.Resolve(identity, Environment.GetEnvironmentVariable, SiloAddressResolver.InterfaceAddresses)
            : null;
        var garnet = string.IsNullOrWhiteSpace(storage.RedisConnectionString)
            ? EmbeddedGarnet.Start(storage.EmbeddedPort, storage.EmbeddedDurable ? storage.EmbeddedDataDirectory : null)
            : null;
        var redis = garnet?.ConnectionString ?? storage.RedisConnectionString!;

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = identity.ClusterId;
                options.ServiceId = identity.ServiceId;
            });
            if (advertised is not null)
            {
                // A loopback address only serves silos on this machine; any other address is reached from outside,
                // so the silo listens on all interfaces.
                silo.ConfigureEndpoints(advertised, identity.SiloPort, identity.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
            }
            else
            {
                silo.UseLocalhostClustering(identity.SiloPort, identity.GatewayPort, serviceId: identity.ServiceId, clusterId: identity.ClusterId);
            }

            silo.AddAgentProviders(redis, storage.UseRedisClustering);
            silo.AddDashboard();
        });

        builder.Services.AddAgentGrainServices(builder.Configuration);
        builder.Services.AddHostedService<PollerStarter>();
        builder.Services.AddOptions<SampleOptions>().BindConfiguration(SampleOptions.SectionName);
        if (builder.Configuration.GetValue<bool>($"{SampleOptions.SectionName}:Enabled"))
        {
            builder.Services.AddHostedService<LiveSampleWriter>();
        }

        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        builder.Services.AddAdminApi(builder.Configuration);
        builder.Services.AddOpenApi();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(PipelineMetrics.MeterName, AiAnalyzerMetrics.MeterName, "Microsoft.Orleans")
            .AddPrometheusExporter());
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAdminApi();
        app.MapAdminApi();
        app.MapOpenApi().RequireAuthorization(ApiRoles.ViewerPolicy);
        app.MapScalarApiReference().RequireAuthorization(ApiRoles.ViewerPolicy);
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(ApiRoles.ViewerPolicy);
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(ApiRoles.ViewerPolicy);
        return (app, garnet);
    }

    /// <summary>
    /// With Microsoft Entra authentication to Redis, gets the first access token before <paramref name="app"/> starts.
    /// Otherwise does nothing. A failure then stops start-up with one error, where Orleans would report it once per
    /// Redis provider, wrapped in its lifecycle errors.
    /// </summary>
    /// <exception cref="RedisEntraSignInException">No token could be obtained, or the token names no Redis user.</exception>
    public static async Task SignInToRedisAsync(WebApplication app, CancellationToken cancellationToken)
    {
        if (app.Services.GetService<RedisEntraAuthenticator>() is { } authenticator)
        {
            await authenticator.SignInAsync(cancellationToken);
        }
    }
}
