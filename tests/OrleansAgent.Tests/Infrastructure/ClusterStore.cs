namespace OrleansAgent.Tests.Infrastructure;

/// <summary>The Redis-protocol store a test cluster keeps its state in, and whether silos also meet there.</summary>
/// <param name="ConnectionString">A StackExchange.Redis connection string.</param>
/// <param name="UseRedisClustering">Keep membership in the store instead of the test host's in-memory table.</param>
/// <param name="ClientConnection">
/// The connection string of the test's cluster client when it differs from the silos', for example when the silos
/// sign in with Entra tokens and the client with a password. Default: <paramref name="ConnectionString"/>.
/// </param>
public sealed record ClusterStore(string ConnectionString, bool UseRedisClustering, string? ClientConnection = null)
{
    /// <summary>The connection string the test's cluster client finds the gateways with.</summary>
    public string ClientConnectionString => ClientConnection ?? ConnectionString;

    /// <summary>The assembly's embedded Garnet, with the test host's membership.</summary>
    public static ClusterStore SharedGarnet => new(Infrastructure.SharedGarnet.ConnectionString, UseRedisClustering: false);

    /// <summary>The redis-server named by <see cref="RedisFactAttribute.Variable"/>; only valid in a <see cref="RedisFactAttribute"/> test.</summary>
    public static ClusterStore ExternalRedis(bool useRedisClustering) =>
        new(RedisFactAttribute.Endpoint ?? throw new InvalidOperationException($"{RedisFactAttribute.Variable} is not set."), useRedisClustering);
}
