using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Interfaces.Model;
using OrleansAgent.Grains.Notifications;
using OrleansAgent.Grains.Notifications.Delivery;

namespace OrleansAgent.Tests.Notifications;

/// <summary>Builds the notification services from in-memory configuration, as the silo does.</summary>
internal static class NotificationTestHost
{
    public const string Prefix = "Agent:Notifications:";

    /// <summary>A redacted sample that looks like a secret; channels must pass it through unchanged.</summary>
    public const string CanarySample = "login failed user=[REDACTED] canary=sk_live_CANARY0000000000 & retry <soon>";

    public static ServiceProvider Build(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAgentNotifications(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>Runs start-up validation and returns its failure messages (empty when valid).</summary>
    public static IReadOnlyList<string> StartupErrors(IDictionary<string, string?> settings)
    {
        using var provider = Build(settings);
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures.ToArray();
        }
    }

    /// <summary>Sends <paramref name="notification"/> to the only configured channel, named <c>test</c>.</summary>
    public static async Task<DeliveryResult> SendAsync(IDictionary<string, string?> channelSettings, IncidentNotification notification)
    {
        var settings = channelSettings.ToDictionary(p => Prefix + "Channels:test:" + p.Key, p => p.Value);
        await using var provider = Build(settings);
        provider.GetRequiredService<IStartupValidator>().Validate();
        var dispatcher = provider.GetRequiredService<NotificationDispatcher>();
        return await dispatcher.SendAsync("test", notification, CancellationToken.None);
    }

    public static IncidentNotification Sample(string kind = NotificationKinds.Opened, Severity severity = Severity.High) => new(
        IncidentId: "inc-42",
        Kind: kind,
        Title: "Database connection refused",
        Summary: "Connections to the orders database fail since 12:00 & keep failing.",
        Severity: severity,
        Status: kind == NotificationKinds.Resolved ? "resolved" : "open",
        Source: "payments-api",
        PatternId: "p-7f3a",
        Template: "connect to <*> failed: <*> refused",
        Count: 1234,
        BaselineMean: 3.5,
        Ratio: 352.57,
        OpenedAt: new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero),
        LastSeen: new DateTimeOffset(2026, 12, 4, 12, 5, 30, TimeSpan.Zero),
        Samples: ["connect to db-1:5432 failed: connection refused", CanarySample],
        SuggestedActions: ["Check the database host", "Roll back deploy 17"],
        LikelyCause: "The database is down",
        Category: "database",
        IsDeterministic: false,
        IncidentUrl: "https://agent.example.com/incidents/inc-42",
        PatternUrl: "https://agent.example.com/patterns/p-7f3a",
        AckUrl: "https://agent.example.com/incidents/inc-42/ack?token=abc&x=1",
        DedupKey: "orleans-agent/inc-42");
}
