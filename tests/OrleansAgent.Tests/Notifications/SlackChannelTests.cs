using System.Text.Json.Nodes;
using OrleansAgent.Tests.Notifications.Fakes;

namespace OrleansAgent.Tests.Notifications;

public sealed class SlackChannelTests
{
    private const string BotToken = "xoxb-1111-2222-SECRETTOKEN";

    [Fact]
    public async Task WebhookPostsTextAndBlocks()
    {
        await using var server = await FakeHttpServer.StartAsync((request, _) => FakeApis.SlackWebhook(request));

        var result = await NotificationTestHost.SendAsync(Webhook(server), NotificationTestHost.Sample());

        Assert.True(result.Success, result.Error);
        var body = server.Requests.Single().Json;
        Assert.Equal("/services/T000/B000/XXXX", server.Requests.Single().Path);
        Assert.Contains("Database connection refused", body["text"]!.ToString());
        var blocks = body["blocks"]!.AsArray();
        Assert.Equal("header", blocks[0]!["type"]!.ToString());
        Assert.Equal("plain_text", blocks[0]!["text"]!["type"]!.ToString());
        Assert.Equal("[High] Database connection refused", blocks[0]!["text"]!["text"]!.ToString());
        Assert.Equal("section", blocks[1]!["type"]!.ToString());
        Assert.Equal("mrkdwn", blocks[1]!["text"]!["type"]!.ToString());
    }

    [Fact]
    public async Task TextEscapesMarkupAndKeepsLinks()
    {
        await using var server = await FakeHttpServer.StartAsync((request, _) => FakeApis.SlackWebhook(request));

        await NotificationTestHost.SendAsync(Webhook(server), NotificationTestHost.Sample());

        var text = server.Requests.Single().Json["text"]!.ToString();
        Assert.Contains("`connect to &lt;*&gt; failed: &lt;*&gt; refused`", text);
        Assert.Contains("since 12:00 &amp; keep failing", text);
        Assert.Contains("<https://agent.example.com/incidents/inc-42|Open incident>", text);
        Assert.Contains("<https://agent.example.com/incidents/inc-42/ack?token=abc&amp;x=1|Acknowledge>", text);
    }

    [Fact]
    public async Task CanarySampleArrivesAsGiven()
    {
        await using var server = await FakeHttpServer.StartAsync((request, _) => FakeApis.SlackWebhook(request));

        await NotificationTestHost.SendAsync(Webhook(server), NotificationTestHost.Sample());

        // Slack escaping changes only &, < and >; the redacted value itself is untouched.
        Assert.Contains("user=[REDACTED] canary=sk_live_CANARY0000000000 &amp; retry &lt;soon&gt;", server.Requests.Single().Json["text"]!.ToString());
    }

    [Fact]
    public async Task BotTokenPostsToChatPostMessage()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeApis.SlackWebApi(BotToken));

        var result = await NotificationTestHost.SendAsync(Bot(server, BotToken), NotificationTestHost.Sample());

        Assert.True(result.Success, result.Error);
        var request = server.Requests.Single();
        Assert.Equal("/chat.postMessage", request.Path);
        Assert.Equal("Bearer " + BotToken, request.Header("Authorization"));
        Assert.Equal("C0123456", request.Json["channel"]!.ToString());
        Assert.NotNull(request.Json["blocks"]);
    }

    [Fact]
    public async Task OkFalseIsPermanentFailure()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeApis.SlackWebApi("xoxb-other-token"));

        var result = await NotificationTestHost.SendAsync(Bot(server, BotToken), NotificationTestHost.Sample());

        Assert.False(result.Success);
        Assert.False(result.IsTransient);
        Assert.Contains("invalid_auth", result.Error);
        Assert.DoesNotContain(BotToken, result.Error);
    }

    [Fact]
    public async Task RateLimitedIsTransient()
    {
        var limited = FakeResponse.Json(200, new JsonObject { ["ok"] = false, ["error"] = "ratelimited" }) with
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = "30" },
        };
        await using var server = await FakeHttpServer.StartAsync(limited);

        var result = await NotificationTestHost.SendAsync(Bot(server, BotToken), NotificationTestHost.Sample());

        Assert.True(result.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(30), result.RetryAfter);
    }

    [Fact]
    public async Task WebhookErrorOmitsWebhookUrl()
    {
        await using var server = await FakeHttpServer.StartAsync(new FakeResponse(404, "no_service", "text/plain"));

        var result = await NotificationTestHost.SendAsync(Webhook(server), NotificationTestHost.Sample());

        Assert.False(result.IsTransient);
        Assert.Contains("404", result.Error);
        Assert.Contains("no_service", result.Error);
        Assert.DoesNotContain("XXXX", result.Error);
    }

    private static Dictionary<string, string?> Webhook(FakeHttpServer server) => new()
    {
        ["Kind"] = "slack",
        ["WebhookUrl"] = server.BaseUrl + "/services/T000/B000/XXXX",
    };

    private static Dictionary<string, string?> Bot(FakeHttpServer server, string token) => new()
    {
        ["Kind"] = "slack",
        ["BotToken"] = token,
        ["Channel"] = "C0123456",
        ["ApiBaseUrl"] = server.BaseUrl,
    };
}
