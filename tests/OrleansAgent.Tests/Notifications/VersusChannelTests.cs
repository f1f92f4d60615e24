using OrleansAgent.Tests.Notifications.Fakes;

namespace OrleansAgent.Tests.Notifications;

public sealed class VersusChannelTests
{
    [Fact]
    public async Task PostsIncidentToApiIncidents()
    {
        await using var server = await FakeHttpServer.StartAsync((request, _) => FakeApis.Versus(request));

        var result = await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample());

        Assert.True(result.Success, result.Error);
        var body = server.Requests.Single().Json;
        Assert.Equal("payments-api", body["ServiceName"]!.ToString());
        Assert.Contains("Database connection refused", body["Logs"]!.ToString());
        Assert.Contains(NotificationTestHost.CanarySample, body["Logs"]!.ToString());
        Assert.Equal("inc-42", body["incidentId"]!.ToString());
        Assert.Equal("https://agent.example.com/incidents/inc-42/ack?token=abc&x=1", body["ackUrl"]!.ToString());
    }

    private static Dictionary<string, string?> Settings(FakeHttpServer server) => new()
    {
        ["Kind"] = "versus",
        ["BaseUrl"] = server.BaseUrl,
    };
}
