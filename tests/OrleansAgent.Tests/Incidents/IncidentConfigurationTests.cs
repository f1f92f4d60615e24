using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Incidents.Configuration;
using OrleansAgent.Grains.Notifications.Configuration;
using OrleansAgent.Silo.Hosting;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.Incidents;

/// <summary>Bad incident and notification settings stop start-up with a message naming the setting.</summary>
public sealed class IncidentConfigurationTests
{
    public static TheoryData<string, string?, string> BadSettings => new()
    {
        { "Agent:Incidents:Escalation:Channels:0", "pager-typo", "Agent:Incidents:Escalation:Channels:0 names channel 'pager-typo'" },
        { "Agent:Incidents:Escalation:After", "00:00:00", "Agent:Incidents:Escalation:After" },
        { "Agent:Incidents:ReminderPeriod", "00:00:00.100", "Agent:Incidents:ReminderPeriod" },
        { "Agent:Notifications:Channels:ops:WebhookUrl", "hooks.slack.example/no-scheme", "Agent:Notifications:Channels:ops:WebhookUrl is not an absolute http or https URL" },
        { "Agent:Notifications:Channels:ops:WebhookUrl", null, "Agent:Notifications:Channels:ops:WebhookUrl is missing" },
        { "Agent:Notifications:Routes:0:Channels:0", "nowhere", "Agent:Notifications:Routes:0:Channels:0 names channel 'nowhere'" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task HostStartFailsNamingTheSettingWhenConfigurationIsBad(string key, string? value, string expected)
    {
        using var directory = new TestDirectory();
        var overrides = new Dictionary<string, string?>
        {
            ["Agent:Storage:RedisConnectionString"] = SharedGarnet.ConnectionString,
            ["Agent:Cluster:ServiceId"] = "config-" + Guid.NewGuid().ToString("N")[..12],
            ["Agent:Detection:IncidentsFile"] = directory.File("incidents.jsonl"),
            ["urls"] = "http://127.0.0.1:0",
            ["Agent:Notifications:Channels:ops:Kind"] = "teams",
            ["Agent:Notifications:Channels:ops:WebhookUrl"] = "http://127.0.0.1:9/workflow",
            [key] = value,
        };
        var (app, garnet) = AgentHost.Build([], overrides);
        await using var _ = app;

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Null(garnet);
        var failures = exception is AggregateException aggregate ? aggregate.InnerExceptions : [exception];
        Assert.All(failures, failure => Assert.IsType<OptionsValidationException>(failure));
        Assert.Contains(failures, failure => failure.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void ValidatorAcceptsDefaults()
    {
        var validator = new IncidentOptionsValidator(Options.Create(new NotificationOptions()));

        var result = validator.Validate(null, new IncidentOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void ValidatorAcceptsEscalationToConfiguredChannel()
    {
        var notifications = new NotificationOptions();
        notifications.Channels["Pager"] = new PagerDutyChannelOptions { Kind = "pagerduty" };
        var options = new IncidentOptions { Escalation = { Channels = ["pager"] } };

        var result = new IncidentOptionsValidator(Options.Create(notifications)).Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void ValidatorRejectsRetryMaxDelayBelowBaseDelay()
    {
        var options = new IncidentOptions { RetryBaseDelay = TimeSpan.FromMinutes(1), RetryMaxDelay = TimeSpan.FromSeconds(1) };

        var result = new IncidentOptionsValidator(Options.Create(new NotificationOptions())).Validate(null, options);

        Assert.Contains("Agent:Incidents:RetryMaxDelay", result.FailureMessage, StringComparison.Ordinal);
    }
}
