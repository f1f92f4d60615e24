namespace OrleansAgent.Silo.Hosting.Entra;

public sealed partial class RedisEntraAuthenticator
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Got a Microsoft Entra token for Redis user {UserName} (scope {Scope}). It expires at {ExpiresOn:O} and is renewed at {RefreshAt:O}")]
    private partial void LogTokenAcquired(string userName, string scope, DateTimeOffset expiresOn, DateTimeOffset refreshAt);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug,
        Message = "Connected to Redis {EndPoints} as user {UserName}. {Multiplexers} multiplexers are kept signed in")]
    private partial void LogConnected(string endPoints, string userName, int multiplexers);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "Renewed the Redis access token of user {UserName} and re-authenticated {Connections} connections. It expires at {ExpiresOn:O} and is renewed at {RefreshAt:O}")]
    private partial void LogTokenRefreshed(string userName, int connections, DateTimeOffset expiresOn, DateTimeOffset refreshAt);

    [LoggerMessage(EventId = 4, EventName = "RedisTokenRefreshFailed", Level = LogLevel.Warning,
        Message = "Renewing the Redis access token failed (attempt {Attempt}). Retrying in {RetryDelay}. The current token expires at {ExpiresOn:O}")]
    private partial void LogRefreshFailed(Exception exception, int attempt, TimeSpan retryDelay, DateTimeOffset expiresOn);

    [LoggerMessage(EventId = 5, EventName = "RedisTokenExpired", Level = LogLevel.Error,
        Message = "Renewing the Redis access token failed (attempt {Attempt}) and the current token expired at {ExpiresOn:O}. "
            + "Redis connections that reconnect cannot sign in until a renewal succeeds. Retrying in {RetryDelay}")]
    private partial void LogRefreshFailedAfterExpiry(Exception exception, int attempt, DateTimeOffset expiresOn, TimeSpan retryDelay);
}
