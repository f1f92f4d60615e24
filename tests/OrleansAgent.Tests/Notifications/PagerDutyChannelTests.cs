using System.Text.Json.Nodes;
using OrleansAgent.Grains.Interfaces.Model;
using OrleansAgent.Tests.Notifications.Fakes;

namespace OrleansAgent.Tests.Notifications;

public sealed class PagerDutyChannelTests
{
    private const string RoutingKey = "R0UT1NGKEY0123456789abcdefABCDEF";

    [Fact]
    public async Task TriggerCarriesPayloadAndLinks()
    {
        await using var server = await FakeHttpServer.StartAsync((request, _) => FakeApis.PagerDuty(request));

        var result = await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample());

        Assert.True(result.Success, result.Error);
        var body = server.Requests.Single().Json;
        Assert.Equal(RoutingKey, body["routing_key"]!.ToString());
        Assert.Equal("trigger", body["event_action"]!.ToString());
        Assert.Equal("orleans-agent/inc-42", body["dedup_key"]!.ToString());
        var payload = body["payload"]!;
        Assert.Equal("payments-api", payload["source"]!.ToString());
        Assert.Equal("error", payload["severity"]!.ToString());
        Assert.Equal("p-7f3a", payload["component"]!.ToString());
        Assert.StartsWith("[High] Database connection refused", payload["summary"]!.ToString());
        Assert.Equal(NotificationTestHost.CanarySample, payload["custom_details"]!["samples"]![1]!.ToString());
        Assert.Equal("https://agent.example.com/incidents/inc-42", body["links"]![0]!["href"]!.ToString());
    }

    [Theory]
    [InlineData("acknowledged", "acknowledge")]
    [InlineData("resolved", "resolve")]
    [InlineData("escalated", "trigger")]
    public async Task KindMapsToEventAction(string kind, string action)
    {
        await using var server = await FakeHttpServer.StartAsync((request, _) => FakeApis.PagerDuty(request));

        var result = await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample(kind));

        Assert.True(result.Success, result.Error);
        Assert.Equal(action, server.Requests.Single().Json["event_action"]!.ToString());
        Assert.Equal("orleans-agent/inc-42", server.Requests.Single().Json["dedup_key"]!.ToString());
    }

    [Theory]
    [InlineData(Severity.Critical, "critical")]
    [InlineData(Severity.High, "error")]
    [InlineData(Severity.Medium, "warning")]
    [InlineData(Severity.Low, "info")]
    [InlineData(Severity.Info, "info")]
    public async Task SeverityMapsToPagerDutySeverity(Severity severity, string expected)
    {
        await using var server = await FakeHttpServer.StartAsync((request, _) => FakeApis.PagerDuty(request));

        await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample(severity: severity));

        Assert.Equal(expected, server.Requests.Single().Json["payload"]!["severity"]!.ToString());
    }

    [Fact]
    public async Task InvalidEventIsPermanentWithoutRoutingKey()
    {
        var rejection = FakeResponse.Json(400, new JsonObject
        {
            ["status"] = "invalid event",
            ["message"] = "Event object is invalid",
            ["errors"] = new JsonArray($"routing key {RoutingKey} is not active"),
        });
        await using var server = await FakeHttpServer.StartAsync(rejection);

        var result = await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample());

        Assert.False(result.Success);
        Assert.False(result.IsTransient);
        Assert.Contains("Event object is invalid", result.Error);
        Assert.DoesNotContain(RoutingKey, result.Error);
    }

    private static Dictionary<string, string?> Settings(FakeHttpServer server) => new()
    {
        ["Kind"] = "pagerduty",
        ["RoutingKey"] = RoutingKey,
        ["ApiBaseUrl"] = server.BaseUrl,
    };
}
