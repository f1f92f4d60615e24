using OrleansAgent.Silo.Hosting.Entra;

namespace OrleansAgent.Silo.Hosting;

/// <summary>Where grain state, clustering and reminders live. Bound from <c>Agent:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Agent:Storage";

    /// <summary>
    /// A Redis connection string (StackExchange.Redis format, for example <c>redis.internal:6380,ssl=true,password=...</c>).
    /// When empty, the silo starts an embedded Garnet server and uses it. Default: empty.
    /// </summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>
    /// Use Redis for cluster membership so several silos find each other. When false the silo uses
    /// localhost clustering (one machine). Default: false; it must be true for more than one silo.
    /// </summary>
    public bool UseRedisClustering { get; set; }

    /// <summary>The folder for the embedded Garnet append-only file and checkpoints. Default: <c>data/garnet</c>.</summary>
    public string EmbeddedDataDirectory { get; set; } = Path.Combine("data", "garnet");

    /// <summary>The loopback port of the embedded Garnet server; 0 picks a free port. Default: 0.</summary>
    public int EmbeddedPort { get; set; }

    /// <summary>Keep the embedded store durable (append-only file, recovered at start). Default: true.</summary>
    public bool EmbeddedDurable { get; set; } = true;

    /// <summary>Microsoft Entra authentication to the external Redis, from <c>Agent:Storage:Entra</c>. Default: off.</summary>
    public RedisEntraOptions Entra { get; set; } = new();
}

/// <summary>Identity and ports of the silo. Bound from <c>Agent:Cluster</c>.</summary>
public sealed class ClusterIdentityOptions
{
    public const string SectionName = "Agent:Cluster";

    /// <summary>The cluster id; silos with the same id form one cluster. Default: <c>orleans-agent</c>.</summary>
    public string ClusterId { get; set; } = "orleans-agent";

    /// <summary>
    /// The service id. It is part of every storage key, so changing it hides all stored state.
    /// Default: <c>orleans-agent</c>.
    /// </summary>
    public string ServiceId { get; set; } = "orleans-agent";

    /// <summary>The silo-to-silo port. Default: 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The client gateway port. Default: 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The IP address other silos use to reach this one, used with <c>UseRedisClustering</c>. When empty inside
    /// Azure Container Apps the replica's own IPv4 address is used; elsewhere it is required with clustering.
    /// Default: empty.
    /// </summary>
    public string? AdvertisedAddress { get; set; }
}
