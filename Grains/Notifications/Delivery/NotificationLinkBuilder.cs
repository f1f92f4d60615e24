using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Notifications.Configuration;

namespace OrleansAgent.Grains.Notifications.Delivery;

/// <summary>
/// Fills the incident, pattern and acknowledge links of a notification from
/// <see cref="NotificationOptions.PublicBaseUrl"/>. The admin API serves these paths.
/// </summary>
public sealed class NotificationLinkBuilder(IOptions<NotificationOptions> options, AckTokenSigner signer, TimeProvider timeProvider)
{
    /// <summary>The incident page path, where <c>{0}</c> is the escaped incident id.</summary>
    public const string IncidentPath = "incidents/{0}";

    /// <summary>The pattern page path, where <c>{0}</c> is the escaped pattern id.</summary>
    public const string PatternPath = "patterns/{0}";

    /// <summary>The acknowledge path, where <c>{0}</c> is the escaped incident id. The token goes in the <c>token</c> query parameter.</summary>
    public const string AckPath = "incidents/{0}/ack";

    /// <summary>Returns <paramref name="notification"/> with links, or unchanged when no public base URL is configured.</summary>
    public IncidentNotification AddLinks(IncidentNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var baseUrl = options.Value.PublicBaseUrl;
        if (string.IsNullOrWhiteSpace(baseUrl))
        {
            return notification;
        }

        var root = baseUrl.TrimEnd('/') + "/";
        var incidentId = Uri.EscapeDataString(notification.IncidentId);
        var token = signer.CreateToken(notification.IncidentId, timeProvider.GetUtcNow() + options.Value.AckTokenLifetime);
        return notification with
        {
            IncidentUrl = root + string.Format(IncidentPath, incidentId),
            PatternUrl = root + string.Format(PatternPath, Uri.EscapeDataString(notification.PatternId)),
            AckUrl = root + string.Format(AckPath, incidentId) + "?token=" + Uri.EscapeDataString(token),
        };
    }
}
