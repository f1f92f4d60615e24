using Orleans.TestingHost;
using OrleansAgent.Grains.Interfaces.Patterns;
using OrleansAgent.Grains.Interfaces.Sources;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.Cluster;

/// <summary>Where grains are active, read from the management grain as the dashboard reads it.</summary>
public static class GrainPlacement
{
    /// <summary>Returns, for each silo, how many of the poller grains keyed by <paramref name="pollerKeys"/> it hosts.</summary>
    public static Task<Dictionary<SiloAddress, int>> PollerHostsAsync(AgentTestCluster agent, IEnumerable<string> pollerKeys) =>
        HostsOfAsync(agent, pollerKeys.Select(key => agent.Grains.GetGrain<ISourcePollerGrain>(key).GetGrainId()));

    /// <summary>Returns, for each silo, how many of the pattern grains with <paramref name="patternIds"/> it hosts.</summary>
    public static Task<Dictionary<SiloAddress, int>> PatternHostsAsync(AgentTestCluster agent, IEnumerable<string> patternIds) =>
        HostsOfAsync(agent, patternIds.Select(id => agent.Grains.GetGrain<IPatternGrain>(id).GetGrainId()));

    /// <summary>Returns, for each silo, how many of <paramref name="grains"/> it hosts. The inbox and analysis grains
    /// of a poller share its key, so grains are matched by their whole id, type included.</summary>
    private static async Task<Dictionary<SiloAddress, int>> HostsOfAsync(AgentTestCluster agent, IEnumerable<GrainId> grains)
    {
        var wanted = grains.ToHashSet();
        var statistics = await agent.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics
            .Where(statistic => wanted.Contains(statistic.GrainId))
            .GroupBy(statistic => statistic.SiloAddress)
            .ToDictionary(group => group.Key, group => group.Count());
    }

    /// <summary>
    /// Picks a silo other than the first that hosts at least one of the pollers, moving one poller there when the
    /// placement put none on it, so that killing the silo always takes pollers with it.
    /// </summary>
    public static async Task<InProcessSiloHandle> SiloHostingPollersAsync(AgentTestCluster agent, IReadOnlyList<string> pollerKeys)
    {
        var hosts = await PollerHostsAsync(agent, pollerKeys);
        var candidates = agent.Cluster.Silos.Skip(1).ToList();
        var victim = candidates.FirstOrDefault(silo => hosts.ContainsKey(silo.SiloAddress));
        if (victim is not null)
        {
            return victim;
        }

        victim = candidates[0];
        var poller = agent.Grains.GetGrain<ISourcePollerGrain>(pollerKeys[0]);
        await agent.Cluster.MigrateAsync(poller, victim.SiloAddress);
        await Eventually.WaitAsync(() => PollerHostsAsync(agent, pollerKeys), found => found.ContainsKey(victim.SiloAddress), TimeSpan.FromSeconds(30));
        return victim;
    }
}
