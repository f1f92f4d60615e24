using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Persistence;
using OrleansAgent.Grains.Hosting;
using OrleansAgent.Grains.Interfaces.Audit;
using OrleansAgent.Silo.Hosting.Entra;
using OrleansAgent.Tests.Cluster;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.Hosting;

/// <summary>
/// A silo configured as in production whose grain storage, reminders and membership sign in to Redis with Entra
/// tokens, across a token rotation that leaves the old token rejected and every connection cut.
/// </summary>
public sealed class RedisEntraSiloTests
{
    [Fact]
    public async Task SiloKeepsStateAcrossTokenRotationOnGarnet()
    {
        var server = await AclRedisServer.GarnetAsync();

        await KeepsStateAcrossTokenRotationAsync(server);
    }

    [RedisFact]
    public async Task SiloKeepsStateAcrossTokenRotationOnRedisServer()
    {
        await using var server = await AclRedisServer.ExternalRedisAsync();

        await KeepsStateAcrossTokenRotationAsync(server);
    }

    [Fact]
    public async Task SiloStartFailsWithoutToken()
    {
        var server = await AclRedisServer.GarnetAsync();
        var credential = new FakeEntraCredential();
        credential.FailNext(int.MaxValue);
        var settings = new Dictionary<string, string?> { ["Agent:Storage:Entra:Enabled"] = "true" };
        var store = new ClusterStore(server.EndPoint, UseRedisClustering: false);

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => AgentTestCluster.StartAsync(settings, store: store,
            configureSilo: silo => silo.Services.AddKeyedSingleton<TokenCredential>(RedisEntraOptions.CredentialServiceKey, credential)));

        Assert.Contains(Flatten(exception), message => message.Contains("Could not get a Microsoft Entra access token for Redis", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DefaultSettingsRegisterNoEntraServices()
    {
        await using var cluster = await AgentTestCluster.StartAsync(new Dictionary<string, string?>());
        var services = cluster.Cluster.Silos[0].ServiceProvider;

        var storage = services.GetRequiredService<IOptionsMonitor<RedisStorageOptions>>().Get(AgentNames.Storage);

        Assert.Null(services.GetService<RedisEntraAuthenticator>());
        Assert.Null(services.GetKeyedService<TokenCredential>(RedisEntraOptions.CredentialServiceKey));
        Assert.Equal(nameof(RedisStorageOptions.DefaultCreateMultiplexer), storage.CreateMultiplexer.Method.Name);
    }

    private static async Task KeepsStateAcrossTokenRotationAsync(AclRedisServer server)
    {
        var credential = server.CreateTrustedCredential();
        var objectId = credential.ObjectId!;
        var logs = new CapturingLoggerProvider();
        var settings = new Dictionary<string, string?> { ["Agent:Storage:Entra:Enabled"] = "true" };
        var store = new ClusterStore(server.EndPoint, UseRedisClustering: true, ClientConnection: server.AdminConnectionString);
        await using var cluster = await AgentTestCluster.StartAsync(settings, logs: logs, store: store,
            configureSilo: silo => silo.Services.AddKeyedSingleton<TokenCredential>(RedisEntraOptions.CredentialServiceKey, credential));
        var audit = cluster.Grains.GetGrain<IAuditLogGrain>("entra-" + Guid.NewGuid().ToString("N"));
        await audit.RecordAsync(Entry("before rotation"));
        var signedIn = (await server.ClientsAsync()).Where(client => client.User == objectId && !client.IsSubscriber).ToList();
        var firstToken = credential.LastToken;
        var authenticator = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<RedisEntraAuthenticator>();

        await authenticator.RefreshAsync();
        var killed = await server.KillClientsAsync(objectId);

        // A command in flight on a killed connection fails, as on any connection loss, so the writes wait for the reconnect.
        var reconnected = await server.WaitForReconnectAsync(client => client.User == objectId, signedIn, signedIn.Count);
        await audit.RecordAsync(Entry("after rotation"));
        await cluster.Cluster.DeactivateAsync(audit);
        var page = await audit.QueryAsync(0, 10);

        // Grain storage, the reminder table and the membership table each open one multiplexer.
        Assert.Equal(3, signedIn.Count);
        Assert.True(killed >= signedIn.Count, $"{killed} connections closed");
        Assert.False(await server.AcceptsAsync(objectId, firstToken));
        Assert.Equal(new[] { "after rotation", "before rotation" }, page.Items.Select(entry => entry.Target ?? ""));
        Assert.Equal(signedIn.Count, reconnected);
        Assert.NotEmpty(server.Keys($"{cluster.ServiceId}/state/"));
        Assert.Equal(1, await RedisMembership.ActiveSilosAsync(server.AdminConnectionString, cluster.ServiceId, cluster.ServiceId));
        Assert.Contains(logs.Messages, message => message.Contains("Renewed the Redis access token", StringComparison.Ordinal));
        Assert.Equal(2, credential.IssuedTokens.Count);
        foreach (var token in credential.IssuedTokens)
        {
            Assert.DoesNotContain(logs.Messages, message => message.Contains(token, StringComparison.Ordinal));
        }
    }

    private static IEnumerable<string> Flatten(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current.Message;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }

    private static AuditEntry Entry(string target) =>
        new(0, DateTimeOffset.UtcNow, "tester", "PUT /api/mode", target, null, null);
}
