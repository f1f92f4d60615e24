using System.Text.Json.Nodes;
using OrleansAgent.Grains.Interfaces.Model;
using OrleansAgent.Grains.Notifications.Configuration;
using OrleansAgent.Grains.Notifications.Templates;

namespace OrleansAgent.Grains.Notifications.Channels;

/// <summary>Posts an Adaptive Card (version 1.4) to a Microsoft Teams workflow webhook.</summary>
public sealed class TeamsChannel(
    string name, TeamsChannelOptions options, NotificationTemplates templates, Func<HttpClient> clientFactory, TimeProvider timeProvider)
    : HttpNotificationChannel(name, ChannelKinds.Teams, clientFactory, options.Secrets(), timeProvider)
{
    protected override HttpRequestMessage BuildRequest(IncidentNotification notification)
    {
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.4",
            ["body"] = BuildBody(notification, templates.Render(Kind, notification)),
            ["actions"] = BuildActions(notification),
        };

        var message = new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray
            {
                new JsonObject
                {
                    ["contentType"] = "application/vnd.microsoft.card.adaptive",
                    ["contentUrl"] = null,
                    ["content"] = card,
                },
            },
        };

        return PostJson(new Uri(options.WebhookUrl!), message);
    }

    private static JsonArray BuildBody(IncidentNotification n, string text) =>
    [
        new JsonObject
        {
            ["type"] = "TextBlock",
            ["text"] = $"[{n.Severity}] {n.Title}",
            ["size"] = "Large",
            ["weight"] = "Bolder",
            ["color"] = TitleColor(n.Severity),
            ["wrap"] = true,
        },
        new JsonObject
        {
            ["type"] = "FactSet",
            ["facts"] = new JsonArray
            {
                Fact("Event", n.Kind),
                Fact("Status", n.Status),
                Fact("Source", n.Source),
                Fact("Category", n.Category),
                Fact("Count", $"{n.Count} (ratio {n.Ratio:0.##}x)"),
                Fact("Last seen", NotificationTemplateModel.FormatTime(n.LastSeen)),
            },
        },
        new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true },
    ];

    private static string TitleColor(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "Attention",
        Severity.Medium => "Warning",
        _ => "Default",
    };

    private static JsonArray BuildActions(IncidentNotification n)
    {
        var actions = new JsonArray();
        AddOpenUrl(actions, "Open incident", n.IncidentUrl);
        AddOpenUrl(actions, "Pattern", n.PatternUrl);
        if (n.Kind is not (NotificationKinds.Resolved or NotificationKinds.Acknowledged))
        {
            AddOpenUrl(actions, "Acknowledge", n.AckUrl);
        }

        return actions;
    }

    private static void AddOpenUrl(JsonArray actions, string title, string? url)
    {
        if (!string.IsNullOrEmpty(url))
        {
            actions.Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = title, ["url"] = url });
        }
    }

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };
}
