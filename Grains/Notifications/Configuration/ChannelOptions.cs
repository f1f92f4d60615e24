namespace OrleansAgent.Grains.Notifications.Configuration;

/// <summary>
/// Settings shared by every channel. The section under <c>Agent:Notifications:Channels:&lt;name&gt;</c> is bound
/// to the subclass that <see cref="Kind"/> selects.
/// </summary>
public class ChannelOptions
{
    /// <summary>The channel kind, one of <see cref="ChannelKinds.All"/>. Required, no default.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Configuration keys of this channel that match no setting, filled by <see cref="NotificationOptionsBinder"/>.</summary>
    internal List<string> UnknownSettings { get; } = [];

    /// <summary>Adds the problems of this channel's settings to <paramref name="errors"/>.</summary>
    /// <param name="path">The configuration path of this channel, used in every message.</param>
    /// <param name="errors">The list that collects one message per problem.</param>
    public virtual void Validate(string path, List<string> errors)
    {
    }

    /// <summary>Returns the configured values that must never appear in an error or a log.</summary>
    public virtual IEnumerable<string?> Secrets() => [];

    /// <summary>Checks that <paramref name="value"/> is an absolute http or https URL.</summary>
    protected static void RequireHttpUrl(string? value, string path, List<string> errors, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add($"{path} is missing: set it to an absolute http or https URL.");
            }

            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            // The value itself may embed a token (webhook URLs do), so the message does not repeat it.
            errors.Add($"{path} is not an absolute http or https URL: check its scheme and spelling.");
        }
    }

    /// <summary>Checks that <paramref name="value"/> is set.</summary>
    protected static void RequireValue(string? value, string path, List<string> errors, string expected)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{path} is missing: set it to {expected}.");
        }
    }
}

/// <summary>Settings of a Slack channel: an incoming webhook, or a bot token with a channel id.</summary>
public sealed class SlackChannelOptions : ChannelOptions
{
    /// <summary>The incoming webhook URL. Default: unset. Set this or <see cref="BotToken"/>.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>A bot token (<c>xoxb-...</c>) for <c>chat.postMessage</c>. Default: unset.</summary>
    public string? BotToken { get; set; }

    /// <summary>The channel id or name for <c>chat.postMessage</c>. Required with <see cref="BotToken"/>. Default: unset.</summary>
    public string? Channel { get; set; }

    /// <summary>The Web API base URL. Default: unset, which means <c>https://slack.com/api</c>.</summary>
    public string? ApiBaseUrl { get; set; }

    public override void Validate(string path, List<string> errors)
    {
        var hasWebhook = !string.IsNullOrWhiteSpace(WebhookUrl);
        var hasToken = !string.IsNullOrWhiteSpace(BotToken);
        if (hasWebhook == hasToken)
        {
            errors.Add($"{path}:WebhookUrl and {path}:BotToken: set exactly one of them.");
        }

        RequireHttpUrl(WebhookUrl, $"{path}:WebhookUrl", errors, required: false);
        if (hasToken)
        {
            RequireValue(Channel, $"{path}:Channel", errors, "the channel id the bot posts to");
        }

        RequireHttpUrl(ApiBaseUrl, $"{path}:ApiBaseUrl", errors, required: false);
    }

    public override IEnumerable<string?> Secrets() => [WebhookUrl, BotToken];
}

/// <summary>Settings of a Microsoft Teams channel posting an Adaptive Card to a workflow webhook.</summary>
public sealed class TeamsChannelOptions : ChannelOptions
{
    /// <summary>The workflow ("When a Teams webhook request is received") URL. Required. Default: unset.</summary>
    public string? WebhookUrl { get; set; }

    public override void Validate(string path, List<string> errors) =>
        RequireHttpUrl(WebhookUrl, $"{path}:WebhookUrl", errors);

    public override IEnumerable<string?> Secrets() => [WebhookUrl];
}

/// <summary>Settings of a Telegram channel using the Bot API <c>sendMessage</c> method.</summary>
public sealed class TelegramChannelOptions : ChannelOptions
{
    /// <summary>The bot token from BotFather. Required. Default: unset.</summary>
    public string? BotToken { get; set; }

    /// <summary>The chat id (a number, or <c>@channelname</c>). Required. Default: unset.</summary>
    public string? ChatId { get; set; }

    /// <summary>The topic id in a forum supergroup. Default: unset (the main chat).</summary>
    public long? MessageThreadId { get; set; }

    /// <summary>The Bot API base URL. Default: unset, which means <c>https://api.telegram.org</c>.</summary>
    public string? ApiBaseUrl { get; set; }

    public override void Validate(string path, List<string> errors)
    {
        RequireValue(BotToken, $"{path}:BotToken", errors, "the bot token from BotFather");
        if (BotToken is not null && BotToken.Any(c => char.IsWhiteSpace(c) || c == '/'))
        {
            errors.Add($"{path}:BotToken contains whitespace or '/': copy the token exactly as BotFather shows it.");
        }

        RequireValue(ChatId, $"{path}:ChatId", errors, "the numeric chat id or @channelname");
        RequireHttpUrl(ApiBaseUrl, $"{path}:ApiBaseUrl", errors, required: false);
    }

    public override IEnumerable<string?> Secrets() => [BotToken];
}

/// <summary>Settings of a Lark (Feishu) custom bot webhook.</summary>
public sealed class LarkChannelOptions : ChannelOptions
{
    /// <summary>The custom bot webhook URL. Required. Default: unset.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The signing secret when the bot has signature verification on. Default: unset (unsigned).</summary>
    public string? SigningSecret { get; set; }

    /// <summary>The message type: <c>interactive</c> (a card) or <c>text</c>. Default: <c>interactive</c>.</summary>
    public string MessageType { get; set; } = "interactive";

    public override void Validate(string path, List<string> errors)
    {
        RequireHttpUrl(WebhookUrl, $"{path}:WebhookUrl", errors);
        if (MessageType is not ("interactive" or "text"))
        {
            errors.Add($"{path}:MessageType is '{MessageType}': use 'interactive' or 'text'.");
        }
    }

    public override IEnumerable<string?> Secrets() => [WebhookUrl, SigningSecret];
}

/// <summary>Settings of a generic JSON webhook signed with HMAC-SHA256.</summary>
public sealed class WebhookChannelOptions : ChannelOptions
{
    /// <summary>The URL that receives the POST. Required. Default: unset.</summary>
    public string? Url { get; set; }

    /// <summary>The shared secret for the signature header, at least 16 characters. Required. Default: unset.</summary>
    public string? SigningSecret { get; set; }

    public override void Validate(string path, List<string> errors)
    {
        RequireHttpUrl(Url, $"{path}:Url", errors);
        RequireValue(SigningSecret, $"{path}:SigningSecret", errors, "a shared secret of at least 16 characters");
        if (SigningSecret is { Length: > 0 and < 16 })
        {
            errors.Add($"{path}:SigningSecret is shorter than 16 characters: use a longer random secret.");
        }
    }

    public override IEnumerable<string?> Secrets() => [Url, SigningSecret];
}

/// <summary>Settings of a Prometheus Alertmanager channel (<c>POST /api/v2/alerts</c>).</summary>
public sealed class AlertmanagerChannelOptions : ChannelOptions
{
    /// <summary>The Alertmanager base URL, such as <c>http://alertmanager:9093</c>. Required. Default: unset.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>A bearer token when a proxy in front of Alertmanager requires one. Default: unset.</summary>
    public string? BearerToken { get; set; }

    /// <summary>
    /// How long a firing alert stays active without a further event. Alertmanager resolves an alert at its
    /// <c>endsAt</c>, so an open incident that sends no event for this long shows as resolved there.
    /// Default: 24 hours.
    /// </summary>
    public TimeSpan FiringLifetime { get; set; } = TimeSpan.FromHours(24);

    public override void Validate(string path, List<string> errors)
    {
        RequireHttpUrl(BaseUrl, $"{path}:BaseUrl", errors);
        if (FiringLifetime < TimeSpan.FromMinutes(5))
        {
            errors.Add($"{path}:FiringLifetime is {FiringLifetime}: use at least 00:05:00.");
        }
    }

    public override IEnumerable<string?> Secrets() => [BearerToken];
}

/// <summary>Settings of a Versus Incident server (<c>POST /api/incidents</c>).</summary>
public sealed class VersusChannelOptions : ChannelOptions
{
    /// <summary>The Versus base URL, such as <c>http://versus:3000</c>. Required. Default: unset.</summary>
    public string? BaseUrl { get; set; }

    public override void Validate(string path, List<string> errors) =>
        RequireHttpUrl(BaseUrl, $"{path}:BaseUrl", errors);
}

/// <summary>Settings of a PagerDuty Events API v2 channel.</summary>
public sealed class PagerDutyChannelOptions : ChannelOptions
{
    /// <summary>The integration (routing) key of the service. Required. Default: unset.</summary>
    public string? RoutingKey { get; set; }

    /// <summary>The Events API base URL. Default: unset, which means <c>https://events.pagerduty.com</c>.</summary>
    public string? ApiBaseUrl { get; set; }

    public override void Validate(string path, List<string> errors)
    {
        RequireValue(RoutingKey, $"{path}:RoutingKey", errors, "the integration key of the PagerDuty service");
        if (RoutingKey is { Length: > 0 and not 32 })
        {
            errors.Add($"{path}:RoutingKey is {RoutingKey.Length} characters long: an Events API v2 integration key has 32.");
        }

        RequireHttpUrl(ApiBaseUrl, $"{path}:ApiBaseUrl", errors, required: false);
    }

    public override IEnumerable<string?> Secrets() => [RoutingKey];
}
