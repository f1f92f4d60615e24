using StackExchange.Redis;

namespace OrleansAgent.Tests.Cluster;

/// <summary>Reads the membership table that Orleans' Redis clustering keeps, to prove the silos met through the store.</summary>
public static class RedisMembership
{
    /// <summary>Counts the silos marked Active in the table of <paramref name="clusterId"/>.</summary>
    public static async Task<int> ActiveSilosAsync(string connectionString, string serviceId, string clusterId)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString);
        var entries = await redis.GetDatabase().HashGetAllAsync($"{serviceId}/members/{clusterId}");

        // Each silo's entry is JSON with "Status":"Active" (or the enum's number 3, depending on the serializer).
        return entries.Count(entry => entry.Value.ToString() is var json
            && (json.Contains("\"Status\":\"Active\"", StringComparison.Ordinal) || json.Contains("\"Status\":3", StringComparison.Ordinal)));
    }
}
