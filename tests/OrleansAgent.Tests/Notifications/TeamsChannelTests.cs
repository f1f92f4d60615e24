using OrleansAgent.Tests.Notifications.Fakes;

namespace OrleansAgent.Tests.Notifications;

public sealed class TeamsChannelTests
{
    [Fact]
    public async Task PostsAdaptiveCardMessage()
    {
        await using var server = await FakeHttpServer.StartAsync((request, _) => FakeApis.TeamsWorkflow(request));

        var result = await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample());

        Assert.True(result.Success, result.Error);
        var body = server.Requests.Single().Json;
        Assert.Equal("message", body["type"]!.ToString());
        var attachment = body["attachments"]!.AsArray().Single()!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.ToString());
        var card = attachment["content"]!;
        Assert.Equal("AdaptiveCard", card["type"]!.ToString());
        Assert.Equal("1.4", card["version"]!.ToString());
        Assert.Equal("[High] Database connection refused", card["body"]![0]!["text"]!.ToString());
        Assert.Equal("FactSet", card["body"]![1]!["type"]!.ToString());
        Assert.Contains(NotificationTestHost.CanarySample, card["body"]![2]!["text"]!.ToString());
    }

    [Fact]
    public async Task ActionsLinkIncidentPatternAndAck()
    {
        await using var server = await FakeHttpServer.StartAsync((request, _) => FakeApis.TeamsWorkflow(request));

        await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample());

        var actions = server.Requests.Single().Json["attachments"]![0]!["content"]!["actions"]!.AsArray();
        Assert.All(actions, a => Assert.Equal("Action.OpenUrl", a!["type"]!.ToString()));
        Assert.Equal(
            ["https://agent.example.com/incidents/inc-42", "https://agent.example.com/patterns/p-7f3a", "https://agent.example.com/incidents/inc-42/ack?token=abc&x=1"],
            actions.Select(a => a!["url"]!.ToString()));
    }

    [Fact]
    public async Task ResolvedCardHasNoAckAction()
    {
        await using var server = await FakeHttpServer.StartAsync((request, _) => FakeApis.TeamsWorkflow(request));

        await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample("resolved"));

        var actions = server.Requests.Single().Json["attachments"]![0]!["content"]!["actions"]!.AsArray();
        Assert.DoesNotContain(actions, a => a!["title"]!.ToString() == "Acknowledge");
    }

    private static Dictionary<string, string?> Settings(FakeHttpServer server) => new()
    {
        ["Kind"] = "teams",
        ["WebhookUrl"] = server.BaseUrl + "/workflows/abc/triggers/manual/paths/invoke?sig=SECRETSIG",
    };
}
