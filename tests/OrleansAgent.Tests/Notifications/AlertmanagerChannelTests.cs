using System.Globalization;
using OrleansAgent.Tests.Notifications.Fakes;

namespace OrleansAgent.Tests.Notifications;

public sealed class AlertmanagerChannelTests
{
    [Fact]
    public async Task PostsAlertWithLabelsAndAnnotations()
    {
        await using var server = await FakeHttpServer.StartAsync((request, _) => FakeApis.Alertmanager(request));

        var result = await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample());

        Assert.True(result.Success, result.Error);
        var alert = server.Requests.Single().Json.AsArray().Single()!;
        var labels = alert["labels"]!;
        Assert.Equal("OrleansAgentIncident", labels["alertname"]!.ToString());
        Assert.Equal("high", labels["severity"]!.ToString());
        Assert.Equal("payments-api", labels["source"]!.ToString());
        Assert.Equal("p-7f3a", labels["pattern_id"]!.ToString());
        Assert.Equal("Database connection refused", alert["annotations"]!["summary"]!.ToString());
        Assert.Equal("https://agent.example.com/incidents/inc-42", alert["generatorURL"]!.ToString());
        Assert.Equal("2026-12-04T12:00:00.000Z", alert["startsAt"]!.ToString());
    }

    [Fact]
    public async Task FiringAlertEndsInTheFuture()
    {
        await using var server = await FakeHttpServer.StartAsync((request, _) => FakeApis.Alertmanager(request));

        await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample());

        var endsAt = DateTimeOffset.Parse(server.Requests.Single().Json[0]!["endsAt"]!.ToString(), CultureInfo.InvariantCulture);
        Assert.True(endsAt > DateTimeOffset.UtcNow.AddHours(23), endsAt.ToString("O"));
    }

    [Fact]
    public async Task ResolutionReusesLabelsAndEndsNow()
    {
        await using var server = await FakeHttpServer.StartAsync((request, _) => FakeApis.Alertmanager(request));
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample());
        await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample("resolved"));

        var opened = server.Requests[0].Json[0]!;
        var resolved = server.Requests[1].Json[0]!;
        Assert.Equal(opened["labels"]!.ToJsonString(), resolved["labels"]!.ToJsonString());
        var endsAt = DateTimeOffset.Parse(resolved["endsAt"]!.ToString(), CultureInfo.InvariantCulture);
        Assert.InRange(endsAt, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task BearerTokenIsSent()
    {
        await using var server = await FakeHttpServer.StartAsync((request, _) => FakeApis.Alertmanager(request));
        var settings = Settings(server);
        settings["BearerToken"] = "am-proxy-TOKEN";

        await NotificationTestHost.SendAsync(settings, NotificationTestHost.Sample());

        Assert.Equal("Bearer am-proxy-TOKEN", server.Requests.Single().Header("Authorization"));
    }

    private static Dictionary<string, string?> Settings(FakeHttpServer server) => new()
    {
        ["Kind"] = "alertmanager",
        ["BaseUrl"] = server.BaseUrl + "/",
    };
}
