using StackExchange.Redis;

namespace OrleansAgent.Silo.Hosting.Entra;

/// <summary>Start-up checks of <c>Agent:Storage:Entra</c> against the Redis connection string.</summary>
public static class RedisEntraSettingsValidator
{
    private const string DefaultScopeSuffix = "/.default";

    /// <summary>
    /// Adds one message per invalid setting to <paramref name="errors"/>. <paramref name="connection"/> is the parsed
    /// connection string, or <c>null</c> when it is empty or does not parse (that error is reported elsewhere).
    /// </summary>
    public static void Validate(RedisEntraOptions entra, string? connectionString, ConfigurationOptions? connection, List<string> errors)
    {
        if (!entra.Enabled)
        {
            return;
        }

        var section = RedisEntraOptions.SectionName;
        var connectionSetting = $"{StorageOptions.SectionName}:RedisConnectionString";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            errors.Add($"{section}:Enabled is true but {connectionSetting} is empty. Entra authentication signs in to an external Redis "
                + "such as Azure Cache for Redis: set the connection string to its host:port,ssl=true, or set Enabled to false.");
        }

        if (!string.IsNullOrEmpty(connection?.Password))
        {
            errors.Add($"{connectionSetting} carries a password while {section}:Enabled is true. With Entra the password is the access token "
                + "that the agent gets itself: remove password=... from the connection string, or set Enabled to false to sign in with the access key.");
        }

        if (!string.IsNullOrEmpty(connection?.User))
        {
            errors.Add($"{connectionSetting} carries a user while {section}:Enabled is true. With Entra the user is the identity's object id: "
                + $"remove user=... from the connection string, and set {section}:UserName only if the token's oid claim is not that id.");
        }

        if (string.IsNullOrWhiteSpace(entra.Scope) || !Uri.TryCreate(entra.Scope, UriKind.Absolute, out _))
        {
            errors.Add($"{section}:Scope '{entra.Scope}' is not an absolute URI; leave it unset for {RedisEntraOptions.RedisScope}.");
        }
        else if (!entra.Scope.EndsWith(DefaultScopeSuffix, StringComparison.Ordinal))
        {
            // Managed identity and client-credential requests accept only a resource's .default scope. Any other scope
            // fails only when the first token is requested, with an error that reads like a problem of the identity.
            errors.Add($"{section}:Scope '{entra.Scope}' does not end with '{DefaultScopeSuffix}', which managed identity and client-credential "
                + $"token requests require; leave it unset for {RedisEntraOptions.RedisScope}.");
        }

        if (!string.IsNullOrWhiteSpace(entra.ManagedIdentityClientId) && !Guid.TryParse(entra.ManagedIdentityClientId, out _))
        {
            errors.Add($"{section}:ManagedIdentityClientId '{entra.ManagedIdentityClientId}' is not a GUID; use the client id of the "
                + "user-assigned managed identity, or leave it empty to let DefaultAzureCredential choose.");
        }

        if (entra.RefreshRetryDelay <= TimeSpan.Zero)
        {
            errors.Add($"{section}:RefreshRetryDelay is {entra.RefreshRetryDelay}; use a positive duration such as 00:00:05.");
        }

        if (entra.MaxRefreshRetryDelay < entra.RefreshRetryDelay)
        {
            errors.Add($"{section}:MaxRefreshRetryDelay ({entra.MaxRefreshRetryDelay}) is shorter than {section}:RefreshRetryDelay "
                + $"({entra.RefreshRetryDelay}); make it at least as long.");
        }
    }
}
