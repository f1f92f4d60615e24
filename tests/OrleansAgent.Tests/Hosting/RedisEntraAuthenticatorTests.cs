using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAgent.Silo.Hosting.Entra;
using OrleansAgent.Tests.Infrastructure;
using StackExchange.Redis;

namespace OrleansAgent.Tests.Hosting;

/// <summary>
/// The Entra token provider against a Redis-protocol server that checks ACL users: sign-in, renewal, re-authentication
/// of live connections, retries and the errors an operator reads.
/// </summary>
public sealed class RedisEntraAuthenticatorTests
{
    [Fact]
    public async Task ConnectionSignsInAsTokenObjectId()
    {
        var server = await AclRedisServer.GarnetAsync();
        var credential = server.CreateTrustedCredential();
        await using var authenticator = CreateAuthenticator(credential);

        var (multiplexer, isShared) = await authenticator.ConnectAsync(Template(server, out var clientName));

        Assert.True(isShared);
        Assert.Equal("PONG", (await multiplexer.GetDatabase().ExecuteAsync("PING")).ToString());
        var clients = (await server.ClientsAsync()).Where(client => client.Name == clientName).ToList();
        Assert.NotEmpty(clients);
        Assert.All(clients, client => Assert.Equal(credential.ObjectId, client.User));
        Assert.Equal(new[] { RedisEntraOptions.RedisScope }, credential.LastScopes);
    }

    [Fact]
    public async Task RefreshReauthenticatesLiveConnectionsOfEveryMultiplexer()
    {
        var server = await AclRedisServer.GarnetAsync();
        var credential = server.CreateTrustedCredential();
        await using var authenticator = CreateAuthenticator(credential);
        await authenticator.ConnectAsync(Template(server, out var firstName));
        await authenticator.ConnectAsync(Template(server, out var secondName));
        var before = await InteractiveConnectionsAsync(server, firstName, secondName);

        // A second identity makes the re-authentication visible: CLIENT LIST shows each connection's user, and a
        // connection keeps its id unless it reconnects.
        credential.ObjectId = Guid.NewGuid().ToString();
        await authenticator.RefreshAsync();

        var after = await InteractiveConnectionsAsync(server, firstName, secondName);
        Assert.Equal(2, before.Count);
        Assert.Equal(before.Select(client => client.Id).Order(), after.Select(client => client.Id).Order());
        Assert.All(after, client => Assert.Equal(credential.ObjectId, client.User));
    }

    [Fact]
    public async Task ReconnectAfterRefreshUsesNewToken()
    {
        var server = await AclRedisServer.GarnetAsync();
        var credential = server.CreateTrustedCredential();
        await using var authenticator = CreateAuthenticator(credential);
        var (multiplexer, _) = await authenticator.ConnectAsync(Template(server, out var clientName));
        var database = multiplexer.GetDatabase();
        var key = "entra-" + Guid.NewGuid().ToString("N");
        await database.StringSetAsync(key, "before");
        var firstToken = credential.LastToken;
        var before = await InteractiveConnectionsAsync(server, clientName);

        await authenticator.RefreshAsync();
        var killed = await server.KillClientsAsync(credential.ObjectId!);
        var reconnected = await server.WaitForReconnectAsync(client => client.Name == clientName, before, count: 1);
        await database.StringSetAsync(key, "after");

        Assert.True(killed > 0);
        Assert.Equal(1, reconnected);
        Assert.False(await server.AcceptsAsync(credential.ObjectId!, firstToken));
        Assert.Equal("after", (string?)await database.StringGetAsync(key));
    }

    [Fact]
    public async Task TokenIsRenewedBeforeItExpires()
    {
        var server = await AclRedisServer.GarnetAsync();
        var credential = server.CreateTrustedCredential(TimeSpan.FromSeconds(2));
        var logs = new CapturingLoggerProvider();
        await using var authenticator = CreateAuthenticator(credential, logs: logs);
        var (multiplexer, _) = await authenticator.ConnectAsync(Template(server, out var clientName));
        var before = await InteractiveConnectionsAsync(server, clientName);

        var requests = await Eventually.WaitAsync(() => Task.FromResult(credential.Requests), count => count >= 3, TimeSpan.FromSeconds(30));
        var renewals = await Eventually.WaitAsync(() => Task.FromResult(Count(logs, "Renewed the Redis access token")), count => count >= 2, TimeSpan.FromSeconds(30));
        await server.KillClientsAsync(credential.ObjectId!);
        var reconnected = await server.WaitForReconnectAsync(client => client.Name == clientName, before, count: 1);

        Assert.True(requests >= 3, $"{requests} token requests");
        Assert.True(renewals >= 2, $"{renewals} renewals logged");
        Assert.Equal(1, reconnected);
        Assert.Equal("PONG", (await multiplexer.GetDatabase().ExecuteAsync("PING")).ToString());
    }

    [Fact]
    public async Task FailedRenewalIsRetriedAndLogged()
    {
        var server = await AclRedisServer.GarnetAsync();
        var credential = server.CreateTrustedCredential(TimeSpan.FromSeconds(2));
        var logs = new CapturingLoggerProvider();
        var options = new RedisEntraOptions { RefreshRetryDelay = TimeSpan.FromMilliseconds(100), MaxRefreshRetryDelay = TimeSpan.FromMilliseconds(400) };
        await using var authenticator = CreateAuthenticator(credential, options, logs);
        await authenticator.ConnectAsync(Template(server, out _));

        credential.FailNext(2);
        var renewals = await Eventually.WaitAsync(() => Task.FromResult(Count(logs, "Renewed the Redis access token")), count => count >= 1, TimeSpan.FromSeconds(30));

        Assert.True(renewals >= 1, $"{renewals} renewals logged");
        Assert.Equal(1, Count(logs, "Renewing the Redis access token failed (attempt 1)"));
        Assert.Equal(1, Count(logs, "Renewing the Redis access token failed (attempt 2)"));
        Assert.Contains(logs.Messages, message => message.Contains("test identity endpoint is down", StringComparison.Ordinal));
        AssertNoTokenLogged(credential, logs);
    }

    [Fact]
    public async Task RefreshRejectedByServerFailsWithoutRevealingToken()
    {
        var server = await AclRedisServer.GarnetAsync();
        var accepting = true;
        var credential = new FakeEntraCredential(async (user, token) =>
        {
            if (accepting)
            {
                await server.SetOnlyPasswordAsync(user!, token);
            }
        });
        await using var authenticator = CreateAuthenticator(credential);
        await authenticator.ConnectAsync(Template(server, out _));

        accepting = false;
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => authenticator.RefreshAsync());

        Assert.Contains("AUTH with the new Redis access token failed", exception.Message, StringComparison.Ordinal);
        Assert.Contains("WRONGPASS", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(credential.LastToken, exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenWithoutObjectIdIsRejected()
    {
        var server = await AclRedisServer.GarnetAsync();
        var credential = new FakeEntraCredential { ObjectId = null };
        await using var authenticator = CreateAuthenticator(credential);

        var exception = await Assert.ThrowsAsync<RedisEntraSignInException>(() => authenticator.ConnectAsync(Template(server, out _)));

        Assert.Contains("no 'oid' claim", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Agent:Storage:Entra:UserName", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(credential.LastToken, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredUserNameReplacesObjectId()
    {
        var server = await AclRedisServer.GarnetAsync();
        var userName = Guid.NewGuid().ToString();
        var credential = new FakeEntraCredential((_, token) => server.SetOnlyPasswordAsync(userName, token)) { ObjectId = null };
        await using var authenticator = CreateAuthenticator(credential, new RedisEntraOptions { UserName = userName });

        await authenticator.ConnectAsync(Template(server, out var clientName));

        var clients = (await server.ClientsAsync()).Where(client => client.Name == clientName).ToList();
        Assert.NotEmpty(clients);
        Assert.All(clients, client => Assert.Equal(userName, client.User));
    }

    [Fact]
    public async Task UnavailableCredentialFailsWithSettingToCheck()
    {
        var server = await AclRedisServer.GarnetAsync();
        var credential = new FakeEntraCredential();
        credential.FailNext(1);
        var clientId = Guid.NewGuid().ToString();
        await using var authenticator = CreateAuthenticator(credential, new RedisEntraOptions { ManagedIdentityClientId = clientId });

        var exception = await Assert.ThrowsAsync<RedisEntraSignInException>(() => authenticator.ConnectAsync(Template(server, out _)));

        Assert.Contains($"managed identity with client id {clientId}", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Agent:Storage:Entra:Enabled", exception.Message, StringComparison.Ordinal);
        Assert.IsType<Azure.Identity.CredentialUnavailableException>(exception.InnerException);
    }

    [Fact]
    public async Task SignInFailureNamesDefaultCredential()
    {
        var credential = new FakeEntraCredential();
        credential.FailNext(1);
        await using var authenticator = CreateAuthenticator(credential);

        var exception = await Assert.ThrowsAsync<RedisEntraSignInException>(() => authenticator.SignInAsync(CancellationToken.None));

        Assert.Contains("with the DefaultAzureCredential (scope https://redis.azure.com/.default)", exception.Message, StringComparison.Ordinal);
        Assert.Contains("The test identity endpoint is down.", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Agent:Storage:Entra:ManagedIdentityClientId", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInTokenServesLaterConnections()
    {
        var server = await AclRedisServer.GarnetAsync();
        var credential = server.CreateTrustedCredential();
        await using var authenticator = CreateAuthenticator(credential);

        await authenticator.SignInAsync(CancellationToken.None);
        await authenticator.SignInAsync(CancellationToken.None);
        var (multiplexer, _) = await authenticator.ConnectAsync(Template(server, out _));

        Assert.Equal(1, credential.Requests);
        Assert.True(multiplexer.IsConnected);
    }

    [Fact]
    public async Task DisposeClosesMultiplexers()
    {
        var server = await AclRedisServer.GarnetAsync();
        var credential = server.CreateTrustedCredential();
        var authenticator = CreateAuthenticator(credential);
        var (multiplexer, _) = await authenticator.ConnectAsync(Template(server, out _));

        await authenticator.DisposeAsync();

        Assert.False(multiplexer.IsConnected);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => authenticator.ConnectAsync(Template(server, out _)));
    }

    [Fact]
    public void ObjectIdIsReadFromJwtPayload()
    {
        var objectId = Guid.NewGuid().ToString();
        var token = CreateToken($$"""{"oid":"{{objectId}}","exp":1}""");

        Assert.Equal(objectId, AccessTokenClaims.ReadObjectId(token));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("a.b")]
    [InlineData("a.!!!.c")]
    [InlineData("a.b.c.d.e")]
    public void ObjectIdIsMissingFromMalformedToken(string token)
    {
        Assert.Null(AccessTokenClaims.ReadObjectId(token));
    }

    [Theory]
    [InlineData("""{"exp":1}""")]
    [InlineData("""{"oid":42}""")]
    [InlineData("""{"oid":" "}""")]
    [InlineData("""["oid"]""")]
    [InlineData("""{"oid":""")]
    public void ObjectIdIsMissingFromPayloadWithoutStringClaim(string payload)
    {
        Assert.Null(AccessTokenClaims.ReadObjectId(CreateToken(payload)));
    }

    private static RedisEntraAuthenticator CreateAuthenticator(FakeEntraCredential credential, RedisEntraOptions? options = null, CapturingLoggerProvider? logs = null)
    {
        var loggerFactory = LoggerFactory.Create(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        return new RedisEntraAuthenticator(
            credential,
            Options.Create(options ?? new RedisEntraOptions { Enabled = true }),
            TimeProvider.System,
            loggerFactory.CreateLogger<RedisEntraAuthenticator>());
    }

    private static ConfigurationOptions Template(AclRedisServer server, out string clientName)
    {
        clientName = "entra-" + Guid.NewGuid().ToString("N")[..12];
        var template = ConfigurationOptions.Parse(server.EndPoint);
        template.ClientName = clientName;
        template.AbortOnConnectFail = false;
        return template;
    }

    private static async Task<IReadOnlyList<ClientConnection>> InteractiveConnectionsAsync(AclRedisServer server, params string[] clientNames) =>
        (await server.ClientsAsync()).Where(client => clientNames.Contains(client.Name) && !client.IsSubscriber).ToList();

    private static int Count(CapturingLoggerProvider logs, params string[] fragments) =>
        logs.Messages.Count(message => fragments.All(fragment => message.Contains(fragment, StringComparison.Ordinal)));

    private static void AssertNoTokenLogged(FakeEntraCredential credential, CapturingLoggerProvider logs)
    {
        Assert.NotEmpty(credential.IssuedTokens);
        foreach (var token in credential.IssuedTokens)
        {
            Assert.DoesNotContain(logs.Messages, message => message.Contains(token, StringComparison.Ordinal));
        }
    }

    private static string CreateToken(string payload) =>
        $"{System.Buffers.Text.Base64Url.EncodeToString("{\"alg\":\"none\"}"u8)}.{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload))}.c2ln";
}
