using System.Net;
using OrleansAgent.Silo.Hosting;

namespace OrleansAgent.Tests.Cluster;

/// <summary>Start-up checks of the storage and cluster settings, and the choice of the advertised address.</summary>
public sealed class ClusterSettingsTests
{
    private static readonly IPAddress ReplicaAddress = IPAddress.Parse("192.0.2.7");

    [Fact]
    public void ValidatorAcceptsDefaults()
    {
        var errors = StorageSettingsValidator.Validate(new StorageOptions(), new ClusterIdentityOptions());

        Assert.Empty(errors);
    }

    [Fact]
    public void ValidatorRejectsClusteringOnEmbeddedStore()
    {
        var errors = StorageSettingsValidator.Validate(new StorageOptions { UseRedisClustering = true }, new ClusterIdentityOptions());

        Assert.Contains(errors, error => error.Contains("Agent:Storage:RedisConnectionString", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidatorRejectsConnectionStringWithUnknownKeywordWithoutEchoingIt()
    {
        var storage = new StorageOptions { RedisConnectionString = "cache:6380,ssl=true,password=hunter2,bogus=1" };

        var errors = StorageSettingsValidator.Validate(storage, new ClusterIdentityOptions());

        var error = Assert.Single(errors);
        Assert.Contains("Agent:Storage:RedisConnectionString", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatorRejectsConnectionStringWithoutServer()
    {
        var errors = StorageSettingsValidator.Validate(new StorageOptions { RedisConnectionString = "ssl=true" }, new ClusterIdentityOptions());

        Assert.Contains(errors, error => error.Contains("names no server", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidatorRejectsSamePortForSiloAndGateway()
    {
        var errors = StorageSettingsValidator.Validate(new StorageOptions(), new ClusterIdentityOptions { SiloPort = 30000, GatewayPort = 30000 });

        Assert.Contains(errors, error => error.Contains("Agent:Cluster:SiloPort and Agent:Cluster:GatewayPort", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidatorRejectsHostNameAsAdvertisedAddress()
    {
        var errors = StorageSettingsValidator.Validate(new StorageOptions(), new ClusterIdentityOptions { AdvertisedAddress = "silo-1.internal" });

        Assert.Contains(errors, error => error.Contains("Agent:Cluster:AdvertisedAddress", StringComparison.Ordinal));
    }

    [Fact]
    public void ResolverPrefersConfiguredAddress()
    {
        var identity = new ClusterIdentityOptions { AdvertisedAddress = "127.0.0.1" };

        var address = SiloAddressResolver.Resolve(identity, _ => "agent--rev1-abc", () => [ReplicaAddress]);

        Assert.Equal(IPAddress.Loopback, address);
    }

    [Fact]
    public void ResolverUsesReplicaAddressInsideContainerApps()
    {
        IPAddress[] interfaces = [IPAddress.Loopback, IPAddress.Parse("169.254.1.2"), IPAddress.IPv6Loopback, ReplicaAddress];

        var address = SiloAddressResolver.Resolve(new ClusterIdentityOptions(), Environment("agent--rev1-abc"), () => interfaces);

        Assert.Equal(ReplicaAddress, address);
    }

    [Fact]
    public void ResolverNamesSettingWhenNoAddressIsKnown()
    {
        var exception = Assert.Throws<InvalidOperationException>(() =>
            SiloAddressResolver.Resolve(new ClusterIdentityOptions(), Environment(null), () => [ReplicaAddress]));

        Assert.Contains("Agent:Cluster:AdvertisedAddress", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolverFailsWhenReplicaHasOnlyLoopback()
    {
        var exception = Assert.Throws<InvalidOperationException>(() =>
            SiloAddressResolver.Resolve(new ClusterIdentityOptions(), Environment("agent--rev1-abc"), () => [IPAddress.Loopback]));

        Assert.Contains("agent--rev1-abc", exception.Message, StringComparison.Ordinal);
    }

    private static Func<string, string?> Environment(string? replicaName) =>
        name => name == SiloAddressResolver.ContainerAppReplicaVariable ? replicaName : null;
}
