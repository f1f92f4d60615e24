using System.Collections.Immutable;
using OrleansAgent.Grains.Interfaces.Incidents;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.Incidents;

/// <summary>Findings and cluster settings for incident tests that drive the registry grain directly.</summary>
internal static class IncidentTestKit
{
    public const string Source = "payments";

    /// <summary>A PagerDuty routing key has 32 characters.</summary>
    public const string RoutingKey = "r0ut1ngk3y0123456789abcdefABCDEF";

    public const string WebhookSecret = "webhook-signing-secret-for-tests";

    /// <summary>Settings with no sources, no journal file, short retry delays and a one-second reminder period.</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["Agent:Detection:IncidentsFile"] = "",
        ["Agent:Incidents:RetryBaseDelay"] = "00:00:00.050",
        ["Agent:Incidents:RetryMaxDelay"] = "00:00:00.200",
        ["Agent:Incidents:ReminderPeriod"] = "00:00:01",
    };

    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, string key, string? value)
    {
        settings[key] = value;
        return settings;
    }

    public static Dictionary<string, string?> WithSlack(this Dictionary<string, string?> settings, string name, string baseUrl) => settings
        .With($"Agent:Notifications:Channels:{name}:Kind", "slack")
        .With($"Agent:Notifications:Channels:{name}:WebhookUrl", baseUrl + "/services/T000/B000/XXXX");

    public static Dictionary<string, string?> WithPagerDuty(this Dictionary<string, string?> settings, string name, string baseUrl) => settings
        .With($"Agent:Notifications:Channels:{name}:Kind", "pagerduty")
        .With($"Agent:Notifications:Channels:{name}:RoutingKey", RoutingKey)
        .With($"Agent:Notifications:Channels:{name}:ApiBaseUrl", baseUrl);

    public static Dictionary<string, string?> WithWebhook(this Dictionary<string, string?> settings, string name, string baseUrl) => settings
        .With($"Agent:Notifications:Channels:{name}:Kind", "webhook")
        .With($"Agent:Notifications:Channels:{name}:Url", baseUrl + "/hooks/incidents")
        .With($"Agent:Notifications:Channels:{name}:SigningSecret", WebhookSecret);

    /// <summary>Routes every notification to <paramref name="channels"/> through route number <paramref name="index"/>.</summary>
    public static Dictionary<string, string?> WithRoute(this Dictionary<string, string?> settings, int index, params string[] channels)
    {
        for (var i = 0; i < channels.Length; i++)
        {
            settings[$"Agent:Notifications:Routes:{index}:Channels:{i}"] = channels[i];
        }

        return settings;
    }

    /// <summary>A finding of <paramref name="patternId"/> from a signal with its own id, last seen at <paramref name="lastSeen"/>.</summary>
    public static Finding Finding(string patternId, Severity severity, string signalId, DateTimeOffset lastSeen)
    {
        var signal = new Signal(
            Id: signalId,
            Source: Source,
            PatternId: patternId,
            Template: "Payment gateway timeout after <*> ms",
            Verdict: Verdict.Unknown,
            RuleName: null,
            RuleSeverity: null,
            Count: 40,
            WindowCount: 40,
            BaselineMean: 2,
            Ratio: 20,
            FirstSeen: lastSeen.AddMinutes(-1),
            LastSeen: lastSeen,
            Samples: ["Payment gateway timeout after 5000 ms"],
            Labels: ImmutableArray<string>.Empty,
            Service: "checkout",
            Level: "ERROR");
        return new Finding(
            signal, $"Gateway timeouts in {patternId}", "The payment gateway stopped answering.", severity, 0.9, "network",
            "The gateway is overloaded.", ["Check the gateway status page"], "deterministic", IsDeterministic: true, FallbackReason: null);
    }

    /// <summary>A finding seen now, of a fresh signal.</summary>
    public static Finding Finding(string patternId, Severity severity = Severity.High) =>
        Finding(patternId, severity, $"{Source}/{Guid.NewGuid():N}/{patternId}", DateTimeOffset.UtcNow);

    public static Task<IncidentSummary> ReportAsync(this AgentTestCluster cluster, Finding finding) =>
        cluster.Grains.GetGrain<IIncidentRegistryGrain>(GrainKeys.Cluster).ReportAsync(finding);

    public static async Task<IncidentDetails> DetailsAsync(this AgentTestCluster cluster, string incidentId) =>
        await cluster.Grains.GetGrain<IIncidentGrain>(incidentId).GetAsync()
            ?? throw new InvalidOperationException($"Incident {incidentId} does not exist.");

    /// <summary>Waits until no delivery of the incident is pending and returns the incident.</summary>
    public static Task<IncidentDetails> SettledAsync(this AgentTestCluster cluster, string incidentId, int expectedDeliveries) =>
        Eventually.WaitAsync(
            () => cluster.DetailsAsync(incidentId),
            details => details.Deliveries.Length >= expectedDeliveries && details.Deliveries.All(d => d.State != "pending"));
}
