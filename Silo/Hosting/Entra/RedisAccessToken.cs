namespace OrleansAgent.Silo.Hosting.Entra;

/// <summary>A Redis user name with the access token that serves as its password, and when to replace the token.</summary>
/// <remarks>Not a record, so that no generated <c>ToString</c> can print the token into a log.</remarks>
internal sealed class RedisAccessToken(string userName, string token, DateTimeOffset expiresOn, DateTimeOffset refreshAt)
{
    /// <summary>The Redis user: the object id of the identity.</summary>
    public string UserName { get; } = userName;

    /// <summary>The access token, sent as the Redis password. A secret: never log it.</summary>
    public string Token { get; } = token;

    /// <summary>When the token expires.</summary>
    public DateTimeOffset ExpiresOn { get; } = expiresOn;

    /// <summary>When a new token should be requested.</summary>
    public DateTimeOffset RefreshAt { get; } = refreshAt;

    public override string ToString() => $"Redis access token for user {UserName}, expires {ExpiresOn:O}";
}
