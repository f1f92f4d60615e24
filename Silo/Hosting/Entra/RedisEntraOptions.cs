namespace OrleansAgent.Silo.Hosting.Entra;

/// <summary>
/// Microsoft Entra authentication to an external Redis (Azure Cache for Redis, Azure Managed Redis): the silo
/// signs in with an access token instead of a password. Bound from <c>Agent:Storage:Entra</c>.
/// </summary>
public sealed class RedisEntraOptions
{
    public const string SectionName = StorageOptions.SectionName + ":Entra";

    /// <summary>The scope Azure Cache for Redis and Azure Managed Redis accept tokens for.</summary>
    public const string RedisScope = "https://redis.azure.com/.default";

    /// <summary>The service key of the <see cref="Azure.Core.TokenCredential"/> that gets the Redis tokens.</summary>
    public const string CredentialServiceKey = "agent-redis";

    /// <summary>
    /// Authenticate to <c>Agent:Storage:RedisConnectionString</c> with Microsoft Entra tokens. The connection string
    /// must then carry no password. Default: false, and nothing contacts an identity endpoint.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The client id of the user-assigned managed identity to sign in with. When empty, <c>DefaultAzureCredential</c>
    /// chooses the identity (environment, workload identity, managed identity, developer sign-ins). Default: empty.
    /// </summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// The Redis user name: the object id (principal id) of the identity, as the cache's access policy assignment
    /// names it. When empty, it is read from the token's <c>oid</c> claim. Default: empty.
    /// </summary>
    public string? UserName { get; set; }

    /// <summary>The scope to request the token for. Default: <c>https://redis.azure.com/.default</c>.</summary>
    public string Scope { get; set; } = RedisScope;

    /// <summary>The wait before the first retry of a failed token refresh. Each further retry doubles it. Default: 5 seconds.</summary>
    public TimeSpan RefreshRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between retries of a failed token refresh. Default: 2 minutes.</summary>
    public TimeSpan MaxRefreshRetryDelay { get; set; } = TimeSpan.FromMinutes(2);
}
