using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using OrleansAgent.Grains.Hosting;
using OrleansAgent.Grains.Interfaces.Incidents;
using OrleansAgent.Grains.Interfaces.Patterns;
using OrleansAgent.Grains.Interfaces.Signals;
using OrleansAgent.Grains.Interfaces.Sources;
using OrleansAgent.Grains.Sources.Polling;
using OrleansAgent.Silo.Hosting;

namespace OrleansAgent.Tests.Infrastructure;

/// <summary>
/// An in-process cluster configured as the silo configures itself in production (Redis storage and
/// reminders on the shared embedded Garnet, memory streams, the agent's services), with settings given
/// by the test. A second cluster built with the same <see cref="ServiceId"/> reads the first one's state,
/// which is how restart tests stop and start the agent.
/// </summary>
public sealed class AgentTestCluster : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;

    private AgentTestCluster(InProcessTestCluster cluster, string serviceId)
    {
        _cluster = cluster;
        ServiceId = serviceId;
    }

    public string ServiceId { get; }

    public IGrainFactory Grains => _cluster.Client;

    public InProcessTestCluster Cluster => _cluster;

    /// <summary>
    /// Starts a cluster of <paramref name="silos"/> silos with <paramref name="settings"/> as configuration.
    /// <paramref name="configureSilo"/> runs after the agent's own registrations, so it can replace services.
    /// </summary>
    public static async Task<AgentTestCluster> StartAsync(
        IDictionary<string, string?> settings,
        string? serviceId = null,
        short silos = 1,
        IPollInterruption? interruption = null,
        CapturingLoggerProvider? logs = null,
        ClusterStore? store = null,
        Action<ISiloBuilder>? configureSilo = null)
    {
        store ??= ClusterStore.SharedGarnet;
        serviceId ??= "test-" + Guid.NewGuid().ToString("N")[..12];
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = serviceId;
        if (store.UseRedisClustering)
        {
            UseStoreMembership(builder.Options);
            builder.ConfigureClientHost(client => client.UseOrleansClient(orleans =>
                orleans.UseRedisClustering(options => options.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(store.ClientConnectionString))));
        }
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(settings);
            if (logs is not null)
            {
                host.Logging.AddProvider(logs);
                host.Logging.SetMinimumLevel(LogLevel.Trace);
            }
        });
        builder.ConfigureSilo((_, silo) =>
        {
            // With Redis clustering the membership table registered here replaces the test host's in-memory one,
            // so the silos find each other through the store, as separate processes do.
            silo.AddAgentProviders(store.ConnectionString, store.UseRedisClustering);
            silo.Services.AddAgentGrainServices(silo.Configuration);
            if (interruption is not null)
            {
                silo.Services.Replace(ServiceDescriptor.Singleton(interruption));
            }

            configureSilo?.Invoke(silo);
        });

        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch (Exception)
        {
            // Tests that expect start-up to fail must not leave silos of the half-started cluster running.
            await cluster.DisposeAsync();
            throw;
        }

        return new AgentTestCluster(cluster, serviceId);
    }

    /// <summary>
    /// Turns off the test host's in-memory membership table so that the silos meet through Redis. The switch is
    /// not public in TestingHost 10.4.2; without it the in-memory table wins over the Redis one.
    /// </summary>
    private static void UseStoreMembership(InProcessTestClusterOptions options)
    {
        var property = typeof(InProcessTestClusterOptions).GetProperty(
            "UseTestClusterMembership", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)
            ?? throw new InvalidOperationException("This TestingHost version has no UseTestClusterMembership switch; Redis clustering cannot be tested in process.");
        property.SetValue(options, false);
    }

    /// <summary>Polls <paramref name="pollerKey"/> until a poll reads nothing and nothing more is ready.</summary>
    public async Task<long> PollToEndAsync(string pollerKey, int maxPolls = 10_000)
    {
        var poller = Grains.GetGrain<ISourcePollerGrain>(pollerKey);
        long events = 0;
        for (var poll = 0; poll < maxPolls; poll++)
        {
            var report = await poller.PollNowAsync();
            Assert.Null(report.Error);
            events += report.Events;
            if (!report.HasMore && report.Events == 0)
            {
                return events;
            }
        }

        throw new InvalidOperationException($"Source {pollerKey} still had events after {maxPolls} polls.");
    }

    /// <summary>Returns every pattern row of the catalog.</summary>
    public async Task<IReadOnlyList<PatternSummary>> PatternsAsync()
    {
        var page = await Grains.GetGrain<ICatalogGrain>(GrainKeys.Cluster)
            .QueryAsync(new PatternQuery(null, null, null, null, PatternSort.Count, true, 0, 1000));
        return page.Items;
    }

    /// <summary>Returns every incident.</summary>
    public async Task<IReadOnlyList<IncidentSummary>> IncidentsAsync()
    {
        var page = await Grains.GetGrain<IIncidentRegistryGrain>(GrainKeys.Cluster)
            .QueryAsync(new IncidentQuery(null, null, null, null, 0, 1000));
        return page.Items;
    }

    /// <summary>Waits until the analysis side has taken every signal the poller handed over.</summary>
    public Task<int> DrainSignalsAsync(string pollerKey) =>
        Eventually.WaitAsync(() => Grains.GetGrain<ISignalInboxGrain>(pollerKey).GetPendingCountAsync(), pending => pending == 0);

    /// <summary>Lines counted by the patterns that still stand; a merged pattern's lines live on in its target.</summary>
    public async Task<long> CountedLinesAsync() =>
        (await PatternsAsync()).Where(pattern => pattern.MergedInto is null).Sum(pattern => pattern.TotalCount);

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }
}
