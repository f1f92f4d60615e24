namespace OrleansAgent.Tests.Notifications;

public sealed class NotificationOptionsValidationTests
{
    private const string P = NotificationTestHost.Prefix;

    [Fact]
    public void ValidConfigurationPasses()
    {
        var errors = NotificationTestHost.StartupErrors(new Dictionary<string, string?>
        {
            [P + "Channels:ops-slack:Kind"] = "slack",
            [P + "Channels:ops-slack:WebhookUrl"] = "https://hooks.example.com/services/T/B/X",
            [P + "Routes:0:Channels:0"] = "ops-slack",
            [P + "Routes:0:Kinds:0"] = "opened",
            [P + "PublicBaseUrl"] = "https://agent.example.com",
            [P + "AckTokenKey"] = Convert.ToBase64String(new byte[32]),
        });

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("slack", "WebhookUrl", "not-a-url", "Agent:Notifications:Channels:ops:WebhookUrl is not an absolute http or https URL")]
    [InlineData("slack", "WebhookUrl", "ftp://hooks.example.com/x", "Agent:Notifications:Channels:ops:WebhookUrl is not an absolute http or https URL")]
    [InlineData("teams", "WebhookUrl", "", "Agent:Notifications:Channels:ops:WebhookUrl is missing")]
    [InlineData("telegram", "ChatId", "42", "Agent:Notifications:Channels:ops:BotToken is missing")]
    [InlineData("telegram", "BotToken", "123:abc", "Agent:Notifications:Channels:ops:ChatId is missing")]
    [InlineData("lark", "MessageType", "post", "Agent:Notifications:Channels:ops:WebhookUrl is missing")]
    [InlineData("webhook", "Url", "https://example.com/hook", "Agent:Notifications:Channels:ops:SigningSecret is missing")]
    [InlineData("webhook", "SigningSecret", "short", "Agent:Notifications:Channels:ops:SigningSecret is shorter than 16 characters")]
    [InlineData("alertmanager", "BearerToken", "x", "Agent:Notifications:Channels:ops:BaseUrl is missing")]
    [InlineData("versus", "BaseUrl", "versus:3000", "Agent:Notifications:Channels:ops:BaseUrl is not an absolute http or https URL")]
    [InlineData("pagerduty", "ApiBaseUrl", "https://events.example.com", "Agent:Notifications:Channels:ops:RoutingKey is missing")]
    [InlineData("pagerduty", "RoutingKey", "abc", "Agent:Notifications:Channels:ops:RoutingKey is 3 characters long")]
    [InlineData("email", "Host", "smtp.example.com", "Agent:Notifications:Channels:ops:To is empty")]
    [InlineData("email", "From", "not an address", "Agent:Notifications:Channels:ops:From is not a valid email address")]
    [InlineData("email", "ServerCertificateSha256", "abc", "Agent:Notifications:Channels:ops:ServerCertificateSha256 is not 64 hex digits")]
    [InlineData("email", "Subject", "{% if %}", "setting Agent:Notifications:Channels:ops:Subject failed to parse")]
    public void BadChannelSettingIsNamed(string kind, string key, string value, string expected)
    {
        var errors = NotificationTestHost.StartupErrors(new Dictionary<string, string?>
        {
            [P + "Channels:ops:Kind"] = kind,
            [P + "Channels:ops:" + key] = value,
        });

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void SlackNeedsExactlyOneMode()
    {
        var errors = NotificationTestHost.StartupErrors(new Dictionary<string, string?> { [P + "Channels:ops:Kind"] = "slack" });

        Assert.Contains(errors, e => e.Contains("Agent:Notifications:Channels:ops:WebhookUrl and Agent:Notifications:Channels:ops:BotToken", StringComparison.Ordinal));
    }

    [Fact]
    public void InvalidUrlIsNotEchoed()
    {
        var errors = NotificationTestHost.StartupErrors(new Dictionary<string, string?>
        {
            [P + "Channels:ops:Kind"] = "teams",
            [P + "Channels:ops:WebhookUrl"] = "hooks.example.com/SECRET-SIG",
        });

        Assert.DoesNotContain(errors, e => e.Contains("SECRET-SIG", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownKindIsNamed()
    {
        var errors = NotificationTestHost.StartupErrors(new Dictionary<string, string?> { [P + "Channels:ops:Kind"] = "sms" });

        Assert.Contains(errors, e => e.StartsWith("Agent:Notifications:Channels:ops:Kind is 'sms', which is unknown", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingKindIsNamed()
    {
        var errors = NotificationTestHost.StartupErrors(new Dictionary<string, string?> { [P + "Channels:ops:WebhookUrl"] = "https://example.com" });

        Assert.Contains(errors, e => e.StartsWith("Agent:Notifications:Channels:ops:Kind is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownRouteChannelIsNamed()
    {
        var errors = NotificationTestHost.StartupErrors(new Dictionary<string, string?> { [P + "Routes:0:Channels:0"] = "nowhere" });

        Assert.Contains(errors, e => e.StartsWith("Agent:Notifications:Routes:0:Channels:0 names channel 'nowhere'", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownRouteKindIsNamed()
    {
        var errors = NotificationTestHost.StartupErrors(new Dictionary<string, string?>
        {
            [P + "Channels:ops:Kind"] = "versus",
            [P + "Channels:ops:BaseUrl"] = "http://versus.example.com",
            [P + "Routes:0:Channels:0"] = "ops",
            [P + "Routes:0:Kinds:0"] = "reopened",
        });

        Assert.Contains(errors, e => e.StartsWith("Agent:Notifications:Routes:0:Kinds:0 is 'reopened'", StringComparison.Ordinal));
    }

    [Fact]
    public void EmptyRouteIsNamed()
    {
        var errors = NotificationTestHost.StartupErrors(new Dictionary<string, string?> { [P + "Routes:0:Sources:0"] = "api" });

        Assert.Contains(errors, e => e.StartsWith("Agent:Notifications:Routes:0:Channels is empty", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AckTokenKey", "not base64!", "Agent:Notifications:AckTokenKey is not base64")]
    [InlineData("AckTokenKey", "AAAA", "Agent:Notifications:AckTokenKey is not base64 of at least 32 bytes")]
    [InlineData("PublicBaseUrl", "agent.example.com", "Agent:Notifications:PublicBaseUrl 'agent.example.com' is not an absolute")]
    [InlineData("AckTokenLifetime", "00:00:10", "Agent:Notifications:AckTokenLifetime is 00:00:10")]
    [InlineData("RequestTimeout", "00:00:00", "Agent:Notifications:RequestTimeout is 00:00:00")]
    [InlineData("TemplateDirectory", "/nonexistent/templates-dir", "Agent:Notifications:TemplateDirectory '/nonexistent/templates-dir' does not exist")]
    public void BadGeneralSettingIsNamed(string key, string value, string expected)
    {
        var errors = NotificationTestHost.StartupErrors(new Dictionary<string, string?> { [P + key] = value });

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void MisspeltChannelKeyIsNamed()
    {
        var errors = NotificationTestHost.StartupErrors(new Dictionary<string, string?>
        {
            [P + "Channels:ops:Kind"] = "teams",
            [P + "Channels:ops:WebhookUrl"] = "https://example.com/hook",
            [P + "Channels:ops:WebHookAddress"] = "https://example.com/hook",
        });

        Assert.Contains(errors, e => e.StartsWith("Agent:Notifications:Channels:ops:WebHookAddress is not a setting of a teams channel", StringComparison.Ordinal));
    }
}
