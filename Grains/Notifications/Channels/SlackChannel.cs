using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OrleansAgent.Grains.Notifications.Configuration;
using OrleansAgent.Grains.Notifications.Templates;

namespace OrleansAgent.Grains.Notifications.Channels;

/// <summary>
/// Posts to Slack through an incoming webhook or through <c>chat.postMessage</c> with a bot token. Both
/// carry the rendered mrkdwn as <c>text</c> (used for push notifications) and as blocks.
/// </summary>
public sealed class SlackChannel(
    string name, SlackChannelOptions options, NotificationTemplates templates, Func<HttpClient> clientFactory, TimeProvider timeProvider)
    : HttpNotificationChannel(name, ChannelKinds.Slack, clientFactory, options.Secrets(), timeProvider)
{
    private const string DefaultApiBaseUrl = "https://slack.com/api";

    // Slack limits: header text 150 characters, section text 3000, message text 40000.
    private const int MaxHeaderChars = 150;
    private const int MaxSectionChars = 3000;
    private const int MaxTextChars = 40_000;

    // The chat.postMessage errors worth retrying. Every other error code needs an operator.
    private static readonly HashSet<string> TransientErrors =
        ["ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"];

    private bool UsesBotToken => !string.IsNullOrWhiteSpace(options.BotToken);

    protected override HttpRequestMessage BuildRequest(IncidentNotification notification)
    {
        var text = templates.Render(Kind, notification, EntityTextEncoder.Slack);
        var body = new JsonObject
        {
            ["text"] = TextLimits.Truncate(text, MaxTextChars),
            ["blocks"] = BuildBlocks(notification, text),
        };

        if (!UsesBotToken)
        {
            return PostJson(new Uri(options.WebhookUrl!), body);
        }

        body["channel"] = options.Channel;
        body["unfurl_links"] = false;
        var request = PostJson(Combine(OrDefault(options.ApiBaseUrl, DefaultApiBaseUrl), "chat.postMessage"), body);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.BotToken);
        return request;
    }

    protected override DeliveryResult InterpretResponse(HttpResponseMessage response, string body)
    {
        var result = MapStatus(response, body);
        if (!result.Success || !UsesBotToken)
        {
            // An incoming webhook returns 200 with the body "ok", and reports errors with 4xx codes.
            return result;
        }

        // The Web API returns 200 even on failure and reports it as {"ok": false, "error": "..."}.
        var json = TryParseObject(body);
        if (json?["ok"]?.GetValueKind() == System.Text.Json.JsonValueKind.True)
        {
            return DeliveryResult.Delivered;
        }

        var error = json?["error"]?.ToString() ?? "malformed response";
        var message = $"slack chat.postMessage failed: {Scrub(error)}.";
        return TransientErrors.Contains(error)
            ? DeliveryResult.Transient(message, ReadRetryAfter(response))
            : DeliveryResult.Permanent(message);
    }

    private static JsonArray BuildBlocks(IncidentNotification notification, string text)
    {
        var header = $"[{notification.Severity}] {notification.Title}";
        return
        [
            new JsonObject
            {
                ["type"] = "header",
                ["text"] = new JsonObject
                {
                    ["type"] = "plain_text",
                    ["text"] = TextLimits.Truncate(header, MaxHeaderChars),
                    ["emoji"] = true,
                },
            },
            new JsonObject
            {
                ["type"] = "section",
                ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = TextLimits.Truncate(text, MaxSectionChars) },
            },
        ];
    }
}
