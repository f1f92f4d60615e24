using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Garnet;
using OrleansAgent.Tests.Infrastructure;
using StackExchange.Redis;

namespace OrleansAgent.Tests.Hosting;

/// <summary>
/// A Redis-protocol server that checks ACL users, as Azure Cache for Redis does with Entra tokens: either an embedded
/// Garnet started with ACL authentication, or the redis-server named by <see cref="RedisFactAttribute.Variable"/>.
/// The test connects as administrator and creates, changes and disconnects the users.
/// </summary>
public sealed class AclRedisServer : IAsyncDisposable
{
    private static readonly Lazy<Task<AclRedisServer>> SharedGarnet = new(StartGarnetAsync);

    private readonly GarnetServer? _garnet;
    private readonly ConnectionMultiplexer _admin;
    private readonly bool _supportsChannelRules;
    private readonly HashSet<string> _users = [];

    private AclRedisServer(GarnetServer? garnet, string endPoint, ConnectionMultiplexer admin, string adminConnectionString, bool supportsChannelRules)
    {
        _garnet = garnet;
        EndPoint = endPoint;
        _admin = admin;
        AdminConnectionString = adminConnectionString;
        _supportsChannelRules = supportsChannelRules;
    }

    /// <summary>The server as <c>host:port</c>, without credentials: the agent's connection string.</summary>
    public string EndPoint { get; }

    /// <summary>A connection string that signs in as the administrator.</summary>
    public string AdminConnectionString { get; }

    /// <summary>The embedded Garnet with ACL authentication that the test assembly shares. Each test uses its own users.</summary>
    public static Task<AclRedisServer> GarnetAsync() => SharedGarnet.Value;

    /// <summary>The redis-server named by <see cref="RedisFactAttribute.Variable"/>, valid only in a <see cref="RedisFactAttribute"/> test.</summary>
    public static async Task<AclRedisServer> ExternalRedisAsync()
    {
        var endPoint = RedisFactAttribute.Endpoint ?? throw new InvalidOperationException($"{RedisFactAttribute.Variable} is not set.");
        var admin = await ConnectionMultiplexer.ConnectAsync(endPoint);
        return new AclRedisServer(garnet: null, endPoint, admin, endPoint, supportsChannelRules: true);
    }

    /// <summary>Creates <paramref name="user"/> with access to all keys if needed and makes <paramref name="password"/> its only password.</summary>
    public async Task SetOnlyPasswordAsync(string user, string password)
    {
        lock (_users)
        {
            _users.Add(user);
        }

        // Without the dangerous category (CONFIG, INFO, KEYS, CLIENT KILL and the like), as a least-privilege access
        // policy on a cache grants. redis-server 7 denies pub/sub channels to new users by default, and
        // StackExchange.Redis subscribes to one. Garnet has no channel rules.
        var channelRules = _supportsChannelRules ? new object[] { "&*" } : [];
        await Database.ExecuteAsync("ACL", ["SETUSER", user, "on", "resetpass", ">" + password, "~*", "+@all", "-@dangerous", .. channelRules]);
    }

    /// <summary>
    /// A test credential whose tokens this server accepts: each new token becomes the only password of the token's
    /// user, as the cache trusts only current tokens. Tokens live for <paramref name="lifetime"/> (default 1 hour).
    /// </summary>
    public FakeEntraCredential CreateTrustedCredential(TimeSpan? lifetime = null) =>
        new((user, token) => SetOnlyPasswordAsync(user ?? throw new InvalidOperationException("The token has no oid claim."), token))
        {
            Lifetime = lifetime ?? TimeSpan.FromHours(1),
        };

    /// <summary>Closes every connection signed in as <paramref name="user"/> and returns how many there were.</summary>
    public async Task<long> KillClientsAsync(string user) => (long)await Database.ExecuteAsync("CLIENT", "KILL", "USER", user);

    /// <summary>The connections the server has open.</summary>
    public async Task<IReadOnlyList<ClientConnection>> ClientsAsync()
    {
        var list = (string)(await Database.ExecuteAsync("CLIENT", "LIST"))!;
        return list.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ClientConnection.Parse)
            .ToList();
    }

    /// <summary>
    /// Waits until <paramref name="count"/> interactive connections that match <paramref name="filter"/> are open
    /// and none of them is one of <paramref name="closed"/>, that is until the clients reconnected after a kill.
    /// Returns how many there were at the end.
    /// </summary>
    public Task<int> WaitForReconnectAsync(Func<ClientConnection, bool> filter, IReadOnlyCollection<ClientConnection> closed, int count) =>
        Eventually.WaitAsync(
            async () => (await ClientsAsync()).Count(client => filter(client) && !client.IsSubscriber && !closed.Any(old => old.Id == client.Id)),
            reconnected => reconnected == count);

    /// <summary>Whether the server accepts <paramref name="password"/> for <paramref name="user"/>.</summary>
    public async Task<bool> AcceptsAsync(string user, string password)
    {
        // AUTH runs on a connection of its own, because after a failed AUTH redis-server keeps the connection as the
        // default user. A successful connect alone proves nothing.
        await using var connection = await ConnectionMultiplexer.ConnectAsync(AdminConnectionString);
        try
        {
            await connection.GetDatabase().ExecuteAsync("AUTH", user, password);
            return true;
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("WRONGPASS", StringComparison.Ordinal))
        {
            return false;
        }
    }

    /// <summary>The keys that start with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<string> Keys(string prefix) =>
        _admin.GetServer(_admin.GetEndPoints()[0]).Keys(pattern: prefix + "*").Select(key => key.ToString()).ToList();

    public async ValueTask DisposeAsync()
    {
        // The embedded Garnet is shared, so only the users of an external server are removed.
        if (_garnet is not null)
        {
            return;
        }

        string[] users;
        lock (_users)
        {
            users = [.. _users];
        }

        if (users.Length > 0)
        {
            await Database.ExecuteAsync("ACL", ["DELUSER", .. users]);
        }

        await _admin.DisposeAsync();
    }

    private IDatabase Database => _admin.GetDatabase();

    private static async Task<AclRedisServer> StartGarnetAsync()
    {
        var port = FreeLoopbackPort();
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var garnet = new GarnetServer(
        [
            "--bind", "127.0.0.1",
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--memory", "64m",
            "--index", "16m",
            "--logger-level", "Warning",
            "--lua",
            "--auth", "Acl",
            "--password", password,
        ]);
        garnet.Start();

        var endPoint = $"127.0.0.1:{port}";
        var adminConnectionString = $"{endPoint},password={password}";
        var admin = await ConnectionMultiplexer.ConnectAsync(adminConnectionString);
        return new AclRedisServer(garnet, endPoint, admin, adminConnectionString, supportsChannelRules: false);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One line of <c>CLIENT LIST</c>.</summary>
/// <param name="Id">The connection id, which a reconnect changes.</param>
/// <param name="Name">The client name StackExchange.Redis set.</param>
/// <param name="User">The ACL user the connection is signed in as.</param>
/// <param name="IsSubscriber">Whether it is a pub/sub connection (flag <c>P</c>).</param>
public sealed record ClientConnection(long Id, string Name, string User, bool IsSubscriber)
{
    public static ClientConnection Parse(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(field => field.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0])
            .ToDictionary(group => group.Key, group => group.First()[1]);
        return new ClientConnection(
            long.Parse(fields["id"], System.Globalization.CultureInfo.InvariantCulture),
            fields.GetValueOrDefault("name", ""),
            fields.GetValueOrDefault("user", ""),
            fields.GetValueOrDefault("flags", "").Contains('P', StringComparison.Ordinal));
    }
}
