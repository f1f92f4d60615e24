using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OrleansAgent.Grains.Interfaces.Model;
using OrleansAgent.Grains.Notifications.Configuration;
using OrleansAgent.Grains.Notifications.Templates;

namespace OrleansAgent.Grains.Notifications.Channels;

/// <summary>
/// Posts to a Lark (Feishu) custom bot webhook as an interactive card or as text, signed when a signing
/// secret is configured.
/// </summary>
public sealed class LarkChannel(
    string name, LarkChannelOptions options, NotificationTemplates templates, Func<HttpClient> clientFactory, TimeProvider timeProvider)
    : HttpNotificationChannel(name, ChannelKinds.Lark, clientFactory, options.Secrets(), timeProvider)
{
    // Lark returns HTTP 200 with a non-zero code on failure. These codes are rate limits and worth a retry.
    private static readonly HashSet<long> TransientCodes = [9499, 11232, 11233];

    protected override HttpRequestMessage BuildRequest(IncidentNotification notification)
    {
        // NOTE: values go into lark_md unescaped. Whether Lark's markdown reads a text such as "<*>" as a tag
        // is not verified against the real service.
        var text = templates.Render(Kind, notification);
        var body = options.MessageType == "text"
            ? new JsonObject
            {
                ["msg_type"] = "text",
                ["content"] = new JsonObject { ["text"] = AppendLinks(text, notification) },
            }
            : new JsonObject
            {
                ["msg_type"] = "interactive",
                ["card"] = BuildCard(notification, text),
            };

        if (!string.IsNullOrEmpty(options.SigningSecret))
        {
            var timestamp = TimeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            body["timestamp"] = timestamp;
            body["sign"] = Sign(timestamp, options.SigningSecret);
        }

        return PostJson(new Uri(options.WebhookUrl!), body);
    }

    protected override DeliveryResult InterpretResponse(HttpResponseMessage response, string body)
    {
        var result = MapStatus(response, body);
        if (!result.Success)
        {
            return result;
        }

        // Current responses use "code"/"msg"; older deployments return "StatusCode"/"StatusMessage".
        var json = TryParseObject(body);
        var codeNode = json?["code"] ?? json?["StatusCode"];
        if (codeNode is null || !long.TryParse(codeNode.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code))
        {
            return DeliveryResult.Transient($"lark returned a response without a result code{DescribeBody(body)}");
        }

        if (code == 0)
        {
            return DeliveryResult.Delivered;
        }

        var message = $"lark rejected the message with code {code}: {Scrub((json?["msg"] ?? json?["StatusMessage"])?.ToString() ?? "")}.";
        return TransientCodes.Contains(code) ? DeliveryResult.Transient(message) : DeliveryResult.Permanent(message);
    }

    /// <summary>
    /// Computes Lark's webhook signature: HMAC-SHA256 keyed with "timestamp\nsecret" over an empty message,
    /// base64 encoded.
    /// </summary>
    internal static string Sign(string timestamp, string secret)
    {
        var key = Encoding.UTF8.GetBytes($"{timestamp}\n{secret}");
        return Convert.ToBase64String(HMACSHA256.HashData(key, ReadOnlySpan<byte>.Empty));
    }

    private static JsonObject BuildCard(IncidentNotification n, string text)
    {
        var elements = new JsonArray
        {
            new JsonObject
            {
                ["tag"] = "div",
                ["text"] = new JsonObject { ["tag"] = "lark_md", ["content"] = text },
            },
        };

        var buttons = new JsonArray();
        AddButton(buttons, "Open incident", n.IncidentUrl, "primary");
        AddButton(buttons, "Pattern", n.PatternUrl, "default");
        if (n.Kind is not (NotificationKinds.Resolved or NotificationKinds.Acknowledged))
        {
            AddButton(buttons, "Acknowledge", n.AckUrl, "danger");
        }

        if (buttons.Count > 0)
        {
            elements.Add(new JsonObject { ["tag"] = "action", ["actions"] = buttons });
        }

        return new JsonObject
        {
            ["config"] = new JsonObject { ["wide_screen_mode"] = true },
            ["header"] = new JsonObject
            {
                ["title"] = new JsonObject { ["tag"] = "plain_text", ["content"] = $"[{n.Severity}] {n.Title}" },
                ["template"] = HeaderColor(n),
            },
            ["elements"] = elements,
        };
    }

    private static string HeaderColor(IncidentNotification n) => n.Kind switch
    {
        NotificationKinds.Resolved => "green",
        NotificationKinds.Acknowledged => "blue",
        _ => n.Severity switch
        {
            Severity.Critical or Severity.High => "red",
            Severity.Medium => "orange",
            _ => "grey",
        },
    };

    private static void AddButton(JsonArray buttons, string label, string? url, string type)
    {
        if (!string.IsNullOrEmpty(url))
        {
            buttons.Add(new JsonObject
            {
                ["tag"] = "button",
                ["text"] = new JsonObject { ["tag"] = "plain_text", ["content"] = label },
                ["url"] = url,
                ["type"] = type,
            });
        }
    }

    private static string AppendLinks(string text, IncidentNotification n)
    {
        var builder = new StringBuilder(text);
        if (!string.IsNullOrEmpty(n.IncidentUrl))
        {
            builder.Append("\nIncident: ").Append(n.IncidentUrl);
        }

        if (!string.IsNullOrEmpty(n.AckUrl) && n.Kind is not (NotificationKinds.Resolved or NotificationKinds.Acknowledged))
        {
            builder.Append("\nAcknowledge: ").Append(n.AckUrl);
        }

        return builder.ToString();
    }
}
