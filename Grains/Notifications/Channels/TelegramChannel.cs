using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using OrleansAgent.Grains.Notifications.Configuration;
using OrleansAgent.Grains.Notifications.Templates;

namespace OrleansAgent.Grains.Notifications.Channels;

/// <summary>Sends a message with the Telegram Bot API <c>sendMessage</c> method in HTML parse mode.</summary>
public sealed class TelegramChannel(
    string name, TelegramChannelOptions options, NotificationTemplates templates, Func<HttpClient> clientFactory, TimeProvider timeProvider)
    : HttpNotificationChannel(name, ChannelKinds.Telegram, clientFactory, options.Secrets(), timeProvider)
{
    private const string DefaultApiBaseUrl = "https://api.telegram.org";

    // Telegram rejects messages longer than 4096 characters after entity parsing. The rendered HTML is never
    // shorter than that, so checking its length is conservative.
    private const int MaxMessageChars = 4096;

    protected override HttpRequestMessage BuildRequest(IncidentNotification notification)
    {
        var body = new JsonObject
        {
            ["chat_id"] = long.TryParse(options.ChatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)
                ? JsonValue.Create(id)
                : JsonValue.Create(options.ChatId),
            ["text"] = RenderText(notification),
            ["parse_mode"] = "HTML",
            ["link_preview_options"] = new JsonObject { ["is_disabled"] = true },
        };

        if (options.MessageThreadId is { } threadId)
        {
            body["message_thread_id"] = threadId;
        }

        var baseUrl = OrDefault(options.ApiBaseUrl, DefaultApiBaseUrl);
        return PostJson(Combine(baseUrl, $"bot{options.BotToken}/sendMessage"), body);
    }

    protected override DeliveryResult InterpretResponse(HttpResponseMessage response, string body)
    {
        var json = TryParseObject(body);
        var ok = json?["ok"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        if (response.IsSuccessStatusCode && ok)
        {
            return DeliveryResult.Delivered;
        }

        var description = Scrub(json?["description"]?.ToString() ?? "malformed response");
        var status = (int)response.StatusCode;
        var message = $"telegram sendMessage failed with HTTP {status}: {description}.";

        // A 429 names the wait in parameters.retry_after (seconds) rather than in a header.
        var retryAfter = json?["parameters"]?["retry_after"] is JsonValue value && value.TryGetValue<int>(out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : ReadRetryAfter(response);
        var transient = response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500 || response.IsSuccessStatusCode;
        return transient ? DeliveryResult.Transient(message, retryAfter) : DeliveryResult.Permanent(message);
    }

    private string RenderText(IncidentNotification notification)
    {
        var text = templates.Render(Kind, notification, EntityTextEncoder.Html);
        if (text.Length <= MaxMessageChars)
        {
            return text;
        }

        // Samples are the longest part. Dropping them keeps the markup intact, where cutting the text would not.
        text = templates.Render(Kind, notification with { Samples = [] }, EntityTextEncoder.Html);
        if (text.Length <= MaxMessageChars)
        {
            return text;
        }

        return BuildShortText(notification);
    }

    private static string BuildShortText(IncidentNotification n)
    {
        var title = WebUtility.HtmlEncode(TextLimits.Truncate($"[{n.Severity}] {n.Title} ({n.Kind})", 300));
        var link = string.IsNullOrEmpty(n.IncidentUrl) ? "" : $"\n<a href=\"{WebUtility.HtmlEncode(n.IncidentUrl)}\">Open incident</a>";

        // Cut the raw summary, not the encoded one, so no entity is split, and halve it until the message fits.
        var summaryChars = n.Summary.Length;
        string text;
        do
        {
            var summary = WebUtility.HtmlEncode(TextLimits.Truncate(n.Summary, Math.Max(summaryChars, 1)));
            text = $"<b>{title}</b>\n{summary}{link}";
            summaryChars /= 2;
        }
        while (text.Length > MaxMessageChars && summaryChars > 0);

        return text;
    }
}
