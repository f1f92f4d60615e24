namespace OrleansAgent.Grains.Notifications.Configuration;

/// <summary>The channel kinds a <see cref="ChannelOptions.Kind"/> may name.</summary>
public static class ChannelKinds
{
    public const string Slack = "slack";
    public const string Teams = "teams";
    public const string Telegram = "telegram";
    public const string Email = "email";
    public const string Lark = "lark";
    public const string Webhook = "webhook";
    public const string Alertmanager = "alertmanager";
    public const string Versus = "versus";
    public const string PagerDuty = "pagerduty";

    public static readonly IReadOnlyList<string> All =
        [Slack, Teams, Telegram, Email, Lark, Webhook, Alertmanager, Versus, PagerDuty];

    /// <summary>Creates the options object for <paramref name="kind"/>, or null when the kind is unknown.</summary>
    public static ChannelOptions? CreateOptions(string? kind) => kind?.ToLowerInvariant() switch
    {
        Slack => new SlackChannelOptions(),
        Teams => new TeamsChannelOptions(),
        Telegram => new TelegramChannelOptions(),
        Email => new EmailChannelOptions(),
        Lark => new LarkChannelOptions(),
        Webhook => new WebhookChannelOptions(),
        Alertmanager => new AlertmanagerChannelOptions(),
        Versus => new VersusChannelOptions(),
        PagerDuty => new PagerDutyChannelOptions(),
        _ => null,
    };
}
