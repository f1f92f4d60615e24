using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using OrleansAgent.Silo.Hosting;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.Cluster;

/// <summary>The production host in cluster mode: start-up checks, and two hosts that form one cluster over Redis.</summary>
public sealed class AgentHostClusterTests
{
    [Fact]
    public void HostRejectsClusteringWithoutStore()
    {
        var settings = new Dictionary<string, string?> { ["Agent:Storage:UseRedisClustering"] = "true" };

        var exception = Assert.Throws<InvalidOperationException>(() => AgentHost.Build([], settings));

        Assert.Contains("Agent:Storage:RedisConnectionString", exception.Message, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task TwoHostsFormOneClusterOverRedis()
    {
        using var directory = new TestDirectory();
        var serviceId = "host-" + Guid.NewGuid().ToString("N")[..12];
        var (first, _) = AgentHost.Build([], HostSettings(directory, serviceId, "first"));
        var (second, _) = AgentHost.Build([], HostSettings(directory, serviceId, "second"));
        await using (first)
        await using (second)
        {
            await first.StartAsync();
            await second.StartAsync();
            var management = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);

            var hosts = await Eventually.WaitAsync(() => management.GetHosts(onlyActive: true), active => active.Count == 2);

            Assert.Equal(2, hosts.Count);
            Assert.All(hosts.Keys, silo => Assert.Equal(IPAddress.Loopback, silo.Endpoint.Address));
            Assert.Equal(2, await RedisMembership.ActiveSilosAsync(RedisFactAttribute.Endpoint!, serviceId, serviceId));
            await second.StopAsync();
            await first.StopAsync();
        }
    }

    private static Dictionary<string, string?> HostSettings(TestDirectory directory, string serviceId, string name)
    {
        var settings = AgentSettings.ForFile(directory.File("app.log"), directory.File($"{name}-incidents.jsonl"));
        settings["Urls"] = $"http://127.0.0.1:{FreePort()}";
        settings["Agent:Storage:RedisConnectionString"] = RedisFactAttribute.Endpoint;
        settings["Agent:Storage:UseRedisClustering"] = "true";
        settings["Agent:Cluster:ServiceId"] = serviceId;
        settings["Agent:Cluster:ClusterId"] = serviceId;
        settings["Agent:Cluster:AdvertisedAddress"] = "127.0.0.1";
        settings["Agent:Cluster:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Agent:Cluster:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
