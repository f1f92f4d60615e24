using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OrleansAgent.Grains.Notifications.Configuration;
using OrleansAgent.Grains.Notifications.Templates;

namespace OrleansAgent.Grains.Notifications.Channels;

/// <summary>
/// Posts the incident fields as JSON to any URL, signed with HMAC-SHA256 so the receiver can check origin
/// and freshness.
/// </summary>
/// <remarks>
/// The receiver recomputes <c>hex(HMAC-SHA256(secret, timestamp + "." + rawBody))</c> with the value of
/// <see cref="TimestampHeader"/>, compares it in constant time with the hex after <c>sha256=</c> in
/// <see cref="SignatureHeader"/>, and rejects timestamps older than a few minutes to stop replays.
/// </remarks>
public sealed class WebhookChannel(
    string name, WebhookChannelOptions options, NotificationTemplates templates, Func<HttpClient> clientFactory, TimeProvider timeProvider)
    : HttpNotificationChannel(name, ChannelKinds.Webhook, clientFactory, options.Secrets(), timeProvider)
{
    public const string SignatureHeader = "X-OrleansAgent-Signature";
    public const string TimestampHeader = "X-OrleansAgent-Timestamp";
    public const string EventHeader = "X-OrleansAgent-Event";

    protected override HttpRequestMessage BuildRequest(IncidentNotification notification)
    {
        var body = NotificationJson.ToJsonObject(notification);
        body["text"] = templates.Render(Kind, notification);
        var json = body.ToJsonString(JsonOptions);

        var timestamp = TimeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = PostJson(new Uri(options.Url!), json);
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, "sha256=" + Sign(options.SigningSecret!, timestamp, json));
        request.Headers.Add(EventHeader, notification.Kind);
        return request;
    }

    /// <summary>Computes the lower-case hex HMAC-SHA256 of <c>timestamp + "." + body</c>.</summary>
    public static string Sign(string secret, string timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp + "." + body);
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
