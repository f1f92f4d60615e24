using Orleans.Configuration;
using Orleans.Storage;
using OrleansAgent.Grains.Hosting;
using OrleansAgent.Grains.Incidents.Configuration;
using OrleansAgent.Silo.Hosting.Entra;
using StackExchange.Redis;

namespace OrleansAgent.Silo.Hosting;

/// <summary>
/// The Orleans side of the agent: storage, reminders, streams and the dashboard on Redis. The test cluster
/// calls the same method, so tests run the silo as production configures it.
/// </summary>
public static class AgentSiloConfiguration
{
    /// <summary>
    /// Configures <paramref name="silo"/> to keep state, reminders and (optionally) membership in <paramref name="redisConnectionString"/>,
    /// signing in with Microsoft Entra tokens when <c>Agent:Storage:Entra:Enabled</c> is true.
    /// </summary>
    public static ISiloBuilder AddAgentProviders(this ISiloBuilder silo, string redisConnectionString, bool useRedisClustering)
    {
        var redis = ConfigurationOptions.Parse(redisConnectionString);
        redis.AbortOnConnectFail = false;

        silo.AddRedisGrainStorage(AgentNames.Storage, options =>
        {
            options.ConfigurationOptions = redis;
        });
        silo.UseRedisReminderService(options => options.ConfigurationOptions = redis);
        if (useRedisClustering)
        {
            silo.UseRedisClustering(options => options.ConfigurationOptions = redis);
        }

        silo.AddRedisEntraAuthentication();

        // Only implicit subscriptions are used, so the pub-sub store holds nothing that must survive.
        silo.AddMemoryGrainStorage("PubSubStore");
        silo.AddMemoryStreams(AgentNames.StreamProvider);

        // Incident reminders use Agent:Incidents:ReminderPeriod; a shorter period (in tests) needs a lower minimum.
        var reminderPeriod = silo.Configuration.GetValue<TimeSpan?>($"{IncidentOptions.SectionName}:{nameof(IncidentOptions.ReminderPeriod)}");
        var minimumPeriod = reminderPeriod is { } period && period > TimeSpan.Zero && period < TimeSpan.FromMinutes(1)
            ? period
            : TimeSpan.FromMinutes(1);
        silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = minimumPeriod);
        silo.Services.AddSingleton<IGrainStorageSerializer>(provider =>
            new OrleansGrainStorageSerializer(provider.GetRequiredService<Orleans.Serialization.Serializer>()));
        return silo;
    }
}
