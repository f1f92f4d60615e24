using Orleans.TestingHost;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.Cluster;

/// <summary>Where grains are active, read from the management grain as the dashboard reads it.</summary>
public static class GrainPlacement
{
    /// <summary>Returns, for each silo, how many of the grains keyed by <paramref name="keys"/> it hosts.</summary>
    public static async Task<Dictionary<SiloAddress, int>> HostsOfAsync(AgentTestCluster agent, IEnumerable<string> keys)
    {
        var wanted = keys.ToHashSet(StringComparer.Ordinal);
        var statistics = await agent.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics
            .Where(statistic => wanted.Contains(statistic.GrainId.Key.ToString()!))
            .GroupBy(statistic => statistic.SiloAddress)
            .ToDictionary(group => group.Key, group => group.Count());
    }

    /// <summary>
    /// Picks a silo other than the first that hosts at least one of the pollers, moving one poller there when the
    /// placement put none on it, so that killing the silo always takes pollers with it.
    /// </summary>
    public static async Task<InProcessSiloHandle> SiloHostingPollersAsync(AgentTestCluster agent, IReadOnlyList<string> pollerKeys)
    {
        var hosts = await HostsOfAsync(agent, pollerKeys);
        var candidates = agent.Cluster.Silos.Skip(1).ToList();
        var victim = candidates.FirstOrDefault(silo => hosts.ContainsKey(silo.SiloAddress));
        if (victim is not null)
        {
            return victim;
        }

        victim = candidates[0];
        var poller = agent.Grains.GetGrain<OrleansAgent.Grains.Interfaces.Sources.ISourcePollerGrain>(pollerKeys[0]);
        await agent.Cluster.MigrateAsync(poller, victim.SiloAddress);
        await Eventually.WaitAsync(() => HostsOfAsync(agent, pollerKeys), found => found.ContainsKey(victim.SiloAddress), TimeSpan.FromSeconds(30));
        return victim;
    }
}
