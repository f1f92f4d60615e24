using System.Text.Json.Nodes;
using OrleansAgent.Tests.Notifications.Fakes;

namespace OrleansAgent.Tests.Notifications;

public sealed class LarkChannelTests
{
    private const string Secret = "lark-SECRET-signing-key";

    [Fact]
    public async Task InteractiveCardHasHeaderTextAndButtons()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeApis.LarkBot(signingSecret: null));

        var result = await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample());

        Assert.True(result.Success, result.Error);
        var body = server.Requests.Single().Json;
        Assert.Equal("interactive", body["msg_type"]!.ToString());
        var card = body["card"]!;
        Assert.Equal("[High] Database connection refused", card["header"]!["title"]!["content"]!.ToString());
        Assert.Equal("red", card["header"]!["template"]!.ToString());
        Assert.Equal("lark_md", card["elements"]![0]!["text"]!["tag"]!.ToString());
        Assert.Contains(NotificationTestHost.CanarySample, card["elements"]![0]!["text"]!["content"]!.ToString());
        var buttons = card["elements"]![1]!["actions"]!.AsArray();
        Assert.Equal("https://agent.example.com/incidents/inc-42", buttons[0]!["url"]!.ToString());
        Assert.Null(body["sign"]);
    }

    [Fact]
    public async Task SignedMessagePassesSignatureCheck()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeApis.LarkBot(Secret));
        var settings = Settings(server);
        settings["SigningSecret"] = Secret;

        var result = await NotificationTestHost.SendAsync(settings, NotificationTestHost.Sample());

        Assert.True(result.Success, result.Error);
        Assert.NotNull(server.Requests.Single().Json["timestamp"]);
    }

    [Fact]
    public async Task WrongSecretIsPermanentWithCode()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeApis.LarkBot(Secret));
        var settings = Settings(server);
        settings["SigningSecret"] = "another-secret-value";

        var result = await NotificationTestHost.SendAsync(settings, NotificationTestHost.Sample());

        Assert.False(result.Success);
        Assert.False(result.IsTransient);
        Assert.Contains("19021", result.Error);
        Assert.DoesNotContain("another-secret-value", result.Error);
    }

    [Fact]
    public async Task TextMessageCarriesLinks()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeApis.LarkBot(signingSecret: null));
        var settings = Settings(server);
        settings["MessageType"] = "text";

        var result = await NotificationTestHost.SendAsync(settings, NotificationTestHost.Sample());

        Assert.True(result.Success, result.Error);
        var body = server.Requests.Single().Json;
        Assert.Equal("text", body["msg_type"]!.ToString());
        Assert.Contains("Incident: https://agent.example.com/incidents/inc-42", body["content"]!["text"]!.ToString());
    }

    [Fact]
    public async Task RateLimitCodeIsTransient()
    {
        await using var server = await FakeHttpServer.StartAsync(
            FakeResponse.Json(200, new JsonObject { ["code"] = 9499, ["msg"] = "too many request", ["data"] = new JsonObject() }));

        var result = await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample());

        Assert.False(result.Success);
        Assert.True(result.IsTransient);
    }

    private static Dictionary<string, string?> Settings(FakeHttpServer server) => new()
    {
        ["Kind"] = "lark",
        ["WebhookUrl"] = server.BaseUrl + "/open-apis/bot/v2/hook/0000-HOOKID",
    };
}
