using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OrleansAgent.Grains.Notifications.Configuration;
using OrleansAgent.Grains.Notifications.Templates;

namespace OrleansAgent.Grains.Notifications.Channels;

/// <summary>
/// Posts one alert per event to Alertmanager's <c>/api/v2/alerts</c>. Every event of an incident carries the
/// same label set, so Alertmanager updates one alert, and a resolution sets <c>endsAt</c> to now.
/// </summary>
public sealed class AlertmanagerChannel(
    string name, AlertmanagerChannelOptions options, NotificationTemplates templates, Func<HttpClient> clientFactory, TimeProvider timeProvider)
    : HttpNotificationChannel(name, ChannelKinds.Alertmanager, clientFactory, options.Secrets(), timeProvider)
{
    /// <summary>The <c>alertname</c> label of every alert this channel sends.</summary>
    public const string AlertName = "OrleansAgentIncident";

    protected override HttpRequestMessage BuildRequest(IncidentNotification notification)
    {
        var now = TimeProvider.GetUtcNow();

        // An alert without a later update expires at endsAt, so a firing alert is given a lifetime and each
        // event extends it.
        var endsAt = notification.Kind == NotificationKinds.Resolved ? now : now + options.FiringLifetime;

        var alert = new JsonObject
        {
            // NOTE: the severity is part of the label set, so an incident whose severity changes shows as a new
            // alert and the old one fires until its endsAt.
            ["labels"] = new JsonObject
            {
                ["alertname"] = AlertName,
                ["severity"] = notification.Severity.ToString().ToLowerInvariant(),
                ["source"] = notification.Source,
                ["pattern_id"] = notification.PatternId,
                ["incident_id"] = notification.IncidentId,
            },
            ["annotations"] = BuildAnnotations(notification),
            ["startsAt"] = FormatTime(notification.OpenedAt),
            ["endsAt"] = FormatTime(endsAt),
        };

        if (!string.IsNullOrEmpty(notification.IncidentUrl))
        {
            alert["generatorURL"] = notification.IncidentUrl;
        }

        var request = PostJson(Combine(options.BaseUrl!, "api/v2/alerts"), new JsonArray { alert });
        if (!string.IsNullOrEmpty(options.BearerToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.BearerToken);
        }

        return request;
    }

    private JsonObject BuildAnnotations(IncidentNotification n)
    {
        var annotations = new JsonObject
        {
            ["summary"] = n.Title,
            ["description"] = templates.Render(Kind, n),
            ["status"] = n.Status,
            ["category"] = n.Category,
            ["template"] = n.Template,
        };

        AddIfSet(annotations, "incident_url", n.IncidentUrl);
        AddIfSet(annotations, "pattern_url", n.PatternUrl);
        if (n.Kind is not (NotificationKinds.Resolved or NotificationKinds.Acknowledged))
        {
            AddIfSet(annotations, "ack_url", n.AckUrl);
        }

        return annotations;
    }

    private static void AddIfSet(JsonObject target, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            target[key] = value;
        }
    }

    private static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
