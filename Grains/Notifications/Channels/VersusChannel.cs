using OrleansAgent.Grains.Notifications.Configuration;
using OrleansAgent.Grains.Notifications.Templates;

namespace OrleansAgent.Grains.Notifications.Channels;

/// <summary>
/// Posts the incident to a Versus Incident server's <c>POST /api/incidents</c>, which accepts any JSON object
/// and renders it with the operator's Versus templates.
/// </summary>
/// <remarks>
/// The body contains every incident field in camelCase (as the webhook channel sends them) plus <c>Logs</c> (the
/// rendered text) and <c>ServiceName</c> (the source), the two fields Versus's example templates read.
/// </remarks>
public sealed class VersusChannel(
    string name, VersusChannelOptions options, NotificationTemplates templates, Func<HttpClient> clientFactory, TimeProvider timeProvider)
    : HttpNotificationChannel(name, ChannelKinds.Versus, clientFactory, options.Secrets(), timeProvider)
{
    protected override HttpRequestMessage BuildRequest(IncidentNotification notification)
    {
        var body = NotificationJson.ToJsonObject(notification);
        body["Logs"] = templates.Render(Kind, notification);
        body["ServiceName"] = notification.Source;
        return PostJson(Combine(options.BaseUrl!, "api/incidents"), body);
    }
}
