using System.Globalization;
using System.Text.Json.Nodes;
using OrleansAgent.Grains.Interfaces.Model;
using OrleansAgent.Grains.Notifications.Configuration;
using OrleansAgent.Grains.Notifications.Templates;

namespace OrleansAgent.Grains.Notifications.Channels;

/// <summary>
/// Sends PagerDuty Events API v2 events: trigger for opened, updated and escalated incidents, acknowledge and
/// resolve for the others, all with the incident's dedup key so they act on one PagerDuty alert.
/// </summary>
public sealed class PagerDutyChannel(
    string name, PagerDutyChannelOptions options, NotificationTemplates templates, Func<HttpClient> clientFactory, TimeProvider timeProvider)
    : HttpNotificationChannel(name, ChannelKinds.PagerDuty, clientFactory, options.Secrets(), timeProvider)
{
    private const string DefaultApiBaseUrl = "https://events.pagerduty.com";

    // Events API v2 limits: summary 1024 characters, dedup_key 255.
    private const int MaxSummaryChars = 1024;
    private const int MaxDedupKeyChars = 255;

    protected override HttpRequestMessage BuildRequest(IncidentNotification notification)
    {
        var action = ToEventAction(notification.Kind);
        var body = new JsonObject
        {
            ["routing_key"] = options.RoutingKey,
            ["event_action"] = action,
            ["dedup_key"] = TextLimits.Truncate(notification.DedupKey, MaxDedupKeyChars),
        };

        // Acknowledge and resolve events need only the dedup key, because PagerDuty ignores a payload on them.
        if (action == "trigger")
        {
            body["payload"] = BuildPayload(notification);
            body["client"] = "OrleansAgent";
            if (!string.IsNullOrEmpty(notification.IncidentUrl))
            {
                body["client_url"] = notification.IncidentUrl;
            }

            body["links"] = BuildLinks(notification);
        }

        return PostJson(Combine(OrDefault(options.ApiBaseUrl, DefaultApiBaseUrl), "v2/enqueue"), body);
    }

    /// <summary>Maps an incident severity to the four PagerDuty severities.</summary>
    internal static string ToPagerDutySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "error",
        Severity.Medium => "warning",
        _ => "info",
    };

    private static string ToEventAction(string kind) => kind switch
    {
        NotificationKinds.Acknowledged => "acknowledge",
        NotificationKinds.Resolved => "resolve",
        _ => "trigger",
    };

    private JsonObject BuildPayload(IncidentNotification n) => new()
    {
        ["summary"] = TextLimits.Truncate(templates.Render(Kind, n), MaxSummaryChars),
        ["source"] = n.Source,
        ["severity"] = ToPagerDutySeverity(n.Severity),
        ["timestamp"] = n.LastSeen.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["component"] = n.PatternId,
        ["class"] = n.Category,
        ["custom_details"] = new JsonObject
        {
            ["incident_id"] = n.IncidentId,
            ["summary"] = n.Summary,
            ["template"] = n.Template,
            ["count"] = n.Count,
            ["baseline_mean"] = n.BaselineMean,
            ["ratio"] = n.Ratio,
            ["likely_cause"] = n.LikelyCause,
            ["suggested_actions"] = new JsonArray(n.SuggestedActions.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
            ["samples"] = new JsonArray(n.Samples.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
            ["deterministic"] = n.IsDeterministic,
        },
    };

    private static JsonArray BuildLinks(IncidentNotification n)
    {
        var links = new JsonArray();
        if (!string.IsNullOrEmpty(n.IncidentUrl))
        {
            links.Add(new JsonObject { ["href"] = n.IncidentUrl, ["text"] = "Incident" });
        }

        if (!string.IsNullOrEmpty(n.PatternUrl))
        {
            links.Add(new JsonObject { ["href"] = n.PatternUrl, ["text"] = "Pattern" });
        }

        return links;
    }
}
