using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using Orleans.Persistence;
using OrleansAgent.Grains.Hosting;

namespace OrleansAgent.Silo.Hosting.Entra;

/// <summary>Registers Microsoft Entra authentication for the agent's Redis providers.</summary>
public static class RedisEntraSiloBuilderExtensions
{
    /// <summary>
    /// When <c>Agent:Storage:Entra:Enabled</c> is true, makes the grain storage, reminder table and membership table
    /// connect through <see cref="RedisEntraAuthenticator"/>. Otherwise registers nothing, so no identity endpoint
    /// is contacted. A <see cref="TokenCredential"/> registered under <see cref="RedisEntraOptions.CredentialServiceKey"/>
    /// replaces the default one.
    /// </summary>
    public static ISiloBuilder AddRedisEntraAuthentication(this ISiloBuilder silo)
    {
        var settings = silo.Configuration.GetSection(RedisEntraOptions.SectionName).Get<RedisEntraOptions>();
        if (settings is not { Enabled: true })
        {
            return silo;
        }

        var services = silo.Services;
        services.AddOptions<RedisEntraOptions>().BindConfiguration(RedisEntraOptions.SectionName);
        services.TryAddKeyedSingleton(RedisEntraOptions.CredentialServiceKey,
            (provider, _) => CreateCredential(provider.GetRequiredService<IOptions<RedisEntraOptions>>().Value));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RedisEntraAuthenticator>();

        services.AddOptions<RedisStorageOptions>(AgentNames.Storage).Configure<RedisEntraAuthenticator>((options, authenticator) =>
            options.CreateMultiplexer = storage => authenticator.ConnectAsync(RequireConfiguration(storage.ConfigurationOptions)));
        services.AddOptions<RedisReminderTableOptions>().Configure<RedisEntraAuthenticator>((options, authenticator) =>
            options.CreateMultiplexer = reminders => authenticator.ConnectAsync(RequireConfiguration(reminders.ConfigurationOptions)));
        services.AddOptions<RedisClusteringOptions>().Configure<RedisEntraAuthenticator>((options, authenticator) =>
            options.CreateMultiplexer = clustering => authenticator.ConnectAsync(RequireConfiguration(clustering.ConfigurationOptions)));
        return silo;
    }

    /// <summary>
    /// The default credential: the user-assigned managed identity with <see cref="RedisEntraOptions.ManagedIdentityClientId"/>
    /// when it is set, otherwise <see cref="DefaultAzureCredential"/>. Creating it contacts nothing; the first token request does.
    /// </summary>
    public static TokenCredential CreateCredential(RedisEntraOptions options) =>
        string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId.Trim()));

    private static StackExchange.Redis.ConfigurationOptions RequireConfiguration(StackExchange.Redis.ConfigurationOptions? configuration) =>
        configuration ?? throw new InvalidOperationException(
            $"A Redis provider has no ConfigurationOptions; {StorageOptions.SectionName}:RedisConnectionString must name the server that Entra authentication signs in to.");
}
