using OrleansAgent.Silo.Hosting.Entra;
using StackExchange.Redis;

namespace OrleansAgent.Silo.Hosting;

/// <summary>Checks the storage and cluster settings before the silo starts, so a wrong value fails at once with its name.</summary>
public static class StorageSettingsValidator
{
    /// <summary>Returns one message per invalid setting; empty when the settings can start a silo.</summary>
    public static IReadOnlyList<string> Validate(StorageOptions storage, ClusterIdentityOptions identity)
    {
        var errors = new List<string>();
        var hasExternalStore = !string.IsNullOrWhiteSpace(storage.RedisConnectionString);
        var connection = hasExternalStore ? ParseConnectionString(storage.RedisConnectionString!, errors) : null;
        if (!hasExternalStore && storage.UseRedisClustering)
        {
            errors.Add($"{StorageOptions.SectionName}:UseRedisClustering is true but {StorageOptions.SectionName}:RedisConnectionString is empty. "
                + "The embedded store lives inside one silo, so other silos cannot share it: set RedisConnectionString to a Redis server all silos reach.");
        }

        if (!hasExternalStore && storage.EmbeddedPort is < 0 or > 65535)
        {
            errors.Add($"{StorageOptions.SectionName}:EmbeddedPort is {storage.EmbeddedPort}; use 0 (a free port) or a port from 1 to 65535.");
        }

        RedisEntraSettingsValidator.Validate(storage.Entra, storage.RedisConnectionString, connection, errors);
        ValidateIdentity(identity, errors);
        return errors;
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> listing every invalid setting.</summary>
    public static void ThrowIfInvalid(StorageOptions storage, ClusterIdentityOptions identity)
    {
        var errors = Validate(storage, identity);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid storage or cluster settings:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }
    }

    /// <summary>Returns the parsed connection string, or <c>null</c> after adding the reason it does not parse.</summary>
    private static ConfigurationOptions? ParseConnectionString(string connectionString, List<string> errors)
    {
        ConfigurationOptions parsed;
        try
        {
            parsed = ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException exception)
        {
            // The parser's message names the bad keyword; the connection string itself may hold a password.
            errors.Add($"{StorageOptions.SectionName}:RedisConnectionString cannot be parsed: {exception.Message} "
                + "Use the StackExchange.Redis format host:port[,ssl=true][,password=...].");
            return null;
        }

        if (parsed.EndPoints.Count == 0)
        {
            errors.Add($"{StorageOptions.SectionName}:RedisConnectionString names no server; start it with host:port, for example redis.internal:6380,ssl=true.");
        }

        return parsed;
    }

    private static void ValidateIdentity(ClusterIdentityOptions identity, List<string> errors)
    {
        var section = ClusterIdentityOptions.SectionName;
        if (string.IsNullOrWhiteSpace(identity.ClusterId))
        {
            errors.Add($"{section}:ClusterId is empty; silos with the same ClusterId form one cluster, so give it a name.");
        }

        if (string.IsNullOrWhiteSpace(identity.ServiceId))
        {
            errors.Add($"{section}:ServiceId is empty; it is part of every storage key, so set it once and keep it.");
        }

        if (identity.SiloPort is < 1 or > 65535)
        {
            errors.Add($"{section}:SiloPort is {identity.SiloPort}; use a port from 1 to 65535.");
        }

        if (identity.GatewayPort is < 1 or > 65535)
        {
            errors.Add($"{section}:GatewayPort is {identity.GatewayPort}; use a port from 1 to 65535.");
        }

        if (identity.SiloPort == identity.GatewayPort)
        {
            errors.Add($"{section}:SiloPort and {section}:GatewayPort are both {identity.SiloPort}; give them different ports.");
        }

        if (!string.IsNullOrWhiteSpace(identity.AdvertisedAddress) && !System.Net.IPAddress.TryParse(identity.AdvertisedAddress, out _))
        {
            errors.Add($"{section}:AdvertisedAddress '{identity.AdvertisedAddress}' is not an IP address; other silos connect to it directly, so give this silo's IPv4 or IPv6 address.");
        }
    }
}
