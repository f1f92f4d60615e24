using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Notifications.Configuration;

namespace OrleansAgent.Grains.Notifications.Delivery;

/// <summary>Decides which channels receive a notification, from <see cref="NotificationOptions.Routes"/>.</summary>
public sealed class NotificationRouter
{
    private readonly IReadOnlyList<NotificationRoute> _routes;
    private readonly IReadOnlyList<string> _allChannels;

    public NotificationRouter(IOptions<NotificationOptions> options)
        : this(options.Value)
    {
    }

    public NotificationRouter(NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _routes = options.Routes;
        _allChannels = options.Channels.Keys.Order(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>
    /// Returns the distinct channel names of every route that matches, in route order. With no routes
    /// configured, returns every channel.
    /// </summary>
    public IReadOnlyList<string> Route(IncidentNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_routes.Count == 0)
        {
            return _allChannels;
        }

        var channels = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var route in _routes.Where(r => Matches(r, notification)))
        {
            channels.AddRange(route.Channels.Where(seen.Add));
        }

        return channels;
    }

    private static bool Matches(NotificationRoute route, IncidentNotification n) =>
        (route.Severities.Count == 0 || route.Severities.Contains(n.Severity))
        && (route.MinSeverity is not { } min || n.Severity >= min)
        && (route.Sources.Count == 0 || route.Sources.Any(pattern => MatchesSource(pattern, n.Source)))
        && (route.Kinds.Count == 0 || route.Kinds.Contains(n.Kind, StringComparer.OrdinalIgnoreCase));

    private static bool MatchesSource(string pattern, string source) =>
        pattern.EndsWith('*')
            ? source.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(pattern, source, StringComparison.OrdinalIgnoreCase);
}
