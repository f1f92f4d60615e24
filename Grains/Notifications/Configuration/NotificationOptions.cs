using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Grains.Notifications.Configuration;

/// <summary>Notification settings, bound from <see cref="SectionName"/>.</summary>
public sealed class NotificationOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Agent:Notifications";

    /// <summary>The channels by name. The name is what routes and the dispatcher use. Default: none.</summary>
    public Dictionary<string, ChannelOptions> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The routes that decide which channels receive a notification. A notification goes to the union of the
    /// channels of every matching route. Default: none, which sends every notification to every channel.
    /// </summary>
    public List<NotificationRoute> Routes { get; set; } = [];

    /// <summary>
    /// The externally reachable base URL of the admin API, such as <c>https://agent.example.com</c>, used to
    /// build incident, pattern and acknowledge links. Default: unset (notifications carry no links).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// The base64 HMAC key (at least 32 bytes) that signs acknowledge links. Default: unset, which makes each
    /// silo generate a random key at start-up: links then stop working after a restart and validate only on
    /// the silo that created them. Set it in any deployment with more than one silo.
    /// </summary>
    public string? AckTokenKey { get; set; }

    /// <summary>How long an acknowledge link stays valid. Default: 7 days. Allowed: 1 minute to 30 days.</summary>
    public TimeSpan AckTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// A directory of <c>&lt;kind&gt;.liquid</c> files that replace the built-in templates of those channel kinds.
    /// Default: unset (built-in templates only).
    /// </summary>
    public string? TemplateDirectory { get; set; }

    /// <summary>The timeout of one HTTP or SMTP delivery attempt. Default: 15 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// One routing rule. Every filter that is set must match. An empty filter list matches everything.
/// </summary>
public sealed class NotificationRoute
{
    /// <summary>The channel names that receive matching notifications. Required.</summary>
    public List<string> Channels { get; set; } = [];

    /// <summary>The severities that match. Default: empty (all).</summary>
    public List<Severity> Severities { get; set; } = [];

    /// <summary>The lowest severity that matches. Default: unset (all).</summary>
    public Severity? MinSeverity { get; set; }

    /// <summary>
    /// The source names that match, case-insensitive. A trailing <c>*</c> matches any suffix
    /// (<c>payments-*</c>). Default: empty (all).
    /// </summary>
    public List<string> Sources { get; set; } = [];

    /// <summary>The notification kinds that match, from <see cref="NotificationKinds.All"/>. Default: empty (all).</summary>
    public List<string> Kinds { get; set; } = [];
}
