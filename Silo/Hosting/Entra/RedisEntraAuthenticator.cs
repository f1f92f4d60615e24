using System.Net;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace OrleansAgent.Silo.Hosting.Entra;

/// <summary>
/// Opens the Redis connections of Orleans' providers with a Microsoft Entra access token and keeps them signed in.
/// The token's object id is the Redis user and the token is the password. Before the token expires, a new one is
/// requested and <c>AUTH user token</c> is sent again on every connection of every multiplexer opened here.
/// </summary>
/// <remarks>
/// The multiplexers belong to this class: Orleans gets them as shared, and they close when the service provider
/// disposes this class. NOTE: only the interactive connection of each server is re-authenticated, because
/// StackExchange.Redis offers no way to send a command on its subscription connection. If the server closes that
/// connection when the old token expires, it reconnects with the current token.
/// </remarks>
public sealed partial class RedisEntraAuthenticator(
    [FromKeyedServices(RedisEntraOptions.CredentialServiceKey)] TokenCredential credential,
    IOptions<RedisEntraOptions> options,
    TimeProvider timeProvider,
    ILogger<RedisEntraAuthenticator> logger) : IAsyncDisposable, IDisposable
{
    // A new token is requested after three quarters of the current one's lifetime, which leaves the last quarter for retries.
    private const double RefreshLifetimeFraction = 0.75;

    // Keeps a credential that returns nearly expired tokens from turning the refresh loop into a busy loop.
    private static readonly TimeSpan MinimumRefreshDelay = TimeSpan.FromSeconds(1);

    // Task.Delay rejects waits beyond about 49 days, so a token that claims to live longer is renewed daily.
    private static readonly TimeSpan MaximumRefreshDelay = TimeSpan.FromDays(1);

    private readonly RedisEntraOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<ManagedConnection> _connections = [];
    private readonly CancellationTokenSource _stopping = new();
    private RedisAccessToken? _current;
    private Task? _refreshLoop;

    /// <summary>
    /// Connects to the servers of <paramref name="template"/> as the identity's Redis user, getting the first token if
    /// there is none yet. The result matches the <c>CreateMultiplexer</c> hook of Orleans' Redis provider options.
    /// </summary>
    /// <exception cref="RedisEntraSignInException">No token could be obtained, or the token names no user.</exception>
    public async Task<(IConnectionMultiplexer Multiplexer, bool IsShared)> ConnectAsync(ConfigurationOptions template)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        await _gate.WaitAsync(_stopping.Token);
        try
        {
            var token = await EnsureTokenAsync(_stopping.Token);

            // Each multiplexer gets its own copy, because StackExchange.Redis reads User and Password from it on every reconnect.
            var connectionOptions = template.Clone();
            connectionOptions.User = token.UserName;
            connectionOptions.Password = token.Token;
            var multiplexer = await ConnectionMultiplexer.ConnectAsync(connectionOptions);
            _connections.Add(new ManagedConnection(multiplexer, connectionOptions));
            LogConnected(string.Join(", ", template.EndPoints.Select(EndPointCollection.ToString)), token.UserName, _connections.Count);

            // Orleans gets it as shared and leaves it open, because the refresh loop still uses it. Disposing this class closes it.
            return (multiplexer, IsShared: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Gets the first token and starts its renewal, unless a token is already there. Called before the host starts, it
    /// makes a failed sign-in stop start-up once, instead of failing each Redis provider inside Orleans' start-up.
    /// </summary>
    /// <exception cref="RedisEntraSignInException">No token could be obtained, or the token names no user.</exception>
    public async Task SignInAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        await _gate.WaitAsync(linked.Token);
        try
        {
            await EnsureTokenAsync(linked.Token);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Gets a token now, sends <c>AUTH</c> with it on every connected server of every multiplexer, and makes later
    /// reconnects use it. The refresh loop calls this before each token expires.
    /// </summary>
    /// <exception cref="InvalidOperationException">No token could be obtained, or <c>AUTH</c> failed on a connection.</exception>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var token = await AcquireAsync(cancellationToken);
            _current = token;

            var reauthenticated = await ReauthenticateAsync(token);
            LogTokenRefreshed(token.UserName, reauthenticated, token.ExpiresOn, token.RefreshAt);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_refreshLoop is not null)
        {
            await _refreshLoop;
        }

        foreach (var connection in _connections)
        {
            await connection.Multiplexer.DisposeAsync();
        }

        _connections.Clear();
    }

    public void Dispose()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        // The refresh loop ends by itself after the cancellation, and it ignores errors from the closed connections.
        _stopping.Cancel();
        foreach (var connection in _connections)
        {
            connection.Multiplexer.Dispose();
        }
    }

    /// <summary>Returns the current token, getting the first one and starting the refresh loop if needed. The caller has entered the gate.</summary>
    private async Task<RedisAccessToken> EnsureTokenAsync(CancellationToken cancellationToken)
    {
        if (_current is null)
        {
            _current = await AcquireAsync(cancellationToken);
            LogTokenAcquired(_current.UserName, _options.Scope, _current.ExpiresOn, _current.RefreshAt);
            _refreshLoop = Task.Run(() => RefreshLoopAsync(_stopping.Token));
        }

        return _current;
    }

    private async Task<RedisAccessToken> AcquireAsync(CancellationToken cancellationToken)
    {
        AccessToken token;
        try
        {
            token = await credential.GetTokenAsync(new TokenRequestContext([_options.Scope]), cancellationToken);
        }
        catch (AuthenticationFailedException exception)
        {
            throw new RedisEntraSignInException(
                $"Could not get a Microsoft Entra access token for Redis with the {DescribeIdentity()} (scope {_options.Scope}). "
                + $"The credential reported: {exception.Message.Trim()}{Environment.NewLine}{DescribeChecks()}",
                exception);
        }

        var userName = string.IsNullOrWhiteSpace(_options.UserName) ? AccessTokenClaims.ReadObjectId(token.Token) : _options.UserName.Trim();
        if (userName is null)
        {
            throw new RedisEntraSignInException(
                $"The Microsoft Entra access token for scope {_options.Scope} has no '{AccessTokenClaims.ObjectIdClaim}' claim, so the Redis user name is unknown. "
                + $"Set {RedisEntraOptions.SectionName}:UserName to the object id (principal id) of the identity that the cache's access policy assignment names.");
        }

        var now = timeProvider.GetUtcNow();
        var refreshAt = now + ((token.ExpiresOn - now) * RefreshLifetimeFraction);
        if (token.RefreshOn is { } suggested && suggested < refreshAt)
        {
            refreshAt = suggested;
        }

        return new RedisAccessToken(userName, token.Token, token.ExpiresOn, refreshAt);
    }

    private async Task<int> ReauthenticateAsync(RedisAccessToken token)
    {
        var reauthenticated = 0;
        var failures = new List<(EndPoint EndPoint, Exception Error)>();
        foreach (var connection in _connections)
        {
            connection.Options.User = token.UserName;
            connection.Options.Password = token.Token;
            foreach (var endPoint in connection.Multiplexer.GetEndPoints())
            {
                var server = connection.Multiplexer.GetServer(endPoint);
                if (!server.IsConnected)
                {
                    // It signs in with the options above when it reconnects.
                    continue;
                }

                try
                {
                    await server.ExecuteAsync("AUTH", token.UserName, token.Token);
                    reauthenticated++;
                }
                catch (Exception exception) when (exception is RedisException or TimeoutException)
                {
                    failures.Add((endPoint, exception));
                }
            }
        }

        if (failures.Count > 0)
        {
            // Server error messages (WRONGPASS, NOPERM) never repeat the password, so they are safe to pass on.
            var details = string.Join("; ", failures.Select(failure => $"{EndPointCollection.ToString(failure.EndPoint)}: {failure.Error.Message}"));
            throw new InvalidOperationException(
                $"AUTH with the new Redis access token failed on {failures.Count} of {failures.Count + reauthenticated} connections ({details}).",
                new AggregateException(failures.Select(failure => failure.Error)));
        }

        return reauthenticated;
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        var delay = DelayUntil(_current!.RefreshAt);
        while (true)
        {
            try
            {
                await Task.Delay(delay, timeProvider, cancellationToken);
                await RefreshAsync(cancellationToken);
                attempt = 0;
                delay = DelayUntil(_current.RefreshAt);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // The host is stopping. The delay was cancelled, or a connection closed under a refresh.
                return;
            }
            catch (Exception exception)
            {
                // Every failure (identity endpoint, network, Redis) is retried, because this loop alone keeps the
                // connections signed in.
                attempt++;
                delay = RetryDelay(attempt);
                var expiresOn = _current.ExpiresOn;
                if (expiresOn > timeProvider.GetUtcNow())
                {
                    LogRefreshFailed(exception, attempt, delay, expiresOn);
                }
                else
                {
                    LogRefreshFailedAfterExpiry(exception, attempt, expiresOn, delay);
                }
            }
        }
    }

    private TimeSpan DelayUntil(DateTimeOffset moment)
    {
        var delay = moment - timeProvider.GetUtcNow();
        if (delay < MinimumRefreshDelay)
        {
            return MinimumRefreshDelay;
        }

        return delay > MaximumRefreshDelay ? MaximumRefreshDelay : delay;
    }

    private TimeSpan RetryDelay(int attempt)
    {
        // The delay doubles from the first one. The exponent is capped so that the multiplication cannot overflow.
        var delay = _options.RefreshRetryDelay * Math.Pow(2, Math.Min(attempt - 1, 20));
        return delay > _options.MaxRefreshRetryDelay ? _options.MaxRefreshRetryDelay : delay;
    }

    private string DescribeIdentity() => string.IsNullOrWhiteSpace(_options.ManagedIdentityClientId)
        ? "DefaultAzureCredential"
        : $"user-assigned managed identity with client id {_options.ManagedIdentityClientId.Trim()}";

    private string DescribeChecks()
    {
        var disable = $"To sign in with the access key instead, set {RedisEntraOptions.SectionName}:Enabled to false and put password=... into the connection string.";
        return string.IsNullOrWhiteSpace(_options.ManagedIdentityClientId)
            ? "Check that a source DefaultAzureCredential tries is available on this host, such as the AZURE_CLIENT_ID, AZURE_TENANT_ID "
                + "and AZURE_CLIENT_SECRET environment variables, workload identity, a managed identity assigned to the host, or an Azure CLI sign-in. "
                + $"On Azure, set {RedisEntraOptions.SectionName}:ManagedIdentityClientId to the client id of the identity the host is assigned. {disable}"
            : $"Check that the identity with this client id is assigned to the host (the container app, VM or pod) and that "
                + $"{RedisEntraOptions.SectionName}:ManagedIdentityClientId is its client id, not its principal (object) id. {disable}";
    }

    /// <summary>A multiplexer and the options it reconnects with. Not a record, so no generated <c>ToString</c> prints the password.</summary>
    private sealed class ManagedConnection(ConnectionMultiplexer multiplexer, ConfigurationOptions options)
    {
        public ConnectionMultiplexer Multiplexer { get; } = multiplexer;

        public ConfigurationOptions Options { get; } = options;
    }
}
