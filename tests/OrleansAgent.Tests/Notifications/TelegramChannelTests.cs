using System.Text.Json.Nodes;
using OrleansAgent.Tests.Notifications.Fakes;

namespace OrleansAgent.Tests.Notifications;

public sealed class TelegramChannelTests
{
    private const string BotToken = "123456:AAE-SECRETtelegramTOKEN";

    [Fact]
    public async Task SendsHtmlMessageTelegramCanParse()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeApis.TelegramBotApi(BotToken));

        var result = await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample());

        Assert.True(result.Success, result.Error);
        var request = server.Requests.Single();
        Assert.Equal($"/bot{BotToken}/sendMessage", request.Path);
        Assert.Equal(-1001234567890, request.Json["chat_id"]!.GetValue<long>());
        Assert.Equal("HTML", request.Json["parse_mode"]!.ToString());
        Assert.Null(TelegramHtml.FindError(request.Json["text"]!.ToString()));
    }

    [Fact]
    public async Task TemplateWildcardsAreEscaped()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeApis.TelegramBotApi(BotToken));

        await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample());

        var text = server.Requests.Single().Json["text"]!.ToString();
        Assert.Contains("<code>connect to &lt;*&gt; failed: &lt;*&gt; refused</code>", text);
        Assert.Contains("since 12:00 &amp; keep failing", text);
        Assert.Contains("<a href=\"https://agent.example.com/incidents/inc-42/ack?token=abc&amp;x=1\">Acknowledge</a>", text);
    }

    [Fact]
    public async Task CanarySampleShowsAsGiven()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeApis.TelegramBotApi(BotToken));

        await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample());

        var visibleText = TelegramHtml.StripTags(server.Requests.Single().Json["text"]!.ToString());
        Assert.Contains(NotificationTestHost.CanarySample, visibleText);
    }

    [Fact]
    public async Task EmojiAndNonLatinTextPassThrough()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeApis.TelegramBotApi(BotToken));
        var notification = NotificationTestHost.Sample() with { Title = "🔥 Ошибка диска \"/var\"" };

        await NotificationTestHost.SendAsync(Settings(server), notification);

        Assert.Contains("<b>[High] 🔥 Ошибка диска &quot;/var&quot;</b>", server.Requests.Single().Json["text"]!.ToString());
    }

    [Fact]
    public async Task OverlongMessageStaysParseable()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeApis.TelegramBotApi(BotToken));
        var huge = NotificationTestHost.Sample() with
        {
            Samples = Enumerable.Repeat(new string('<', 500), 20).ToArray(),
            Summary = string.Concat(Enumerable.Repeat("a<b & c ", 2000)),
        };

        var result = await NotificationTestHost.SendAsync(Settings(server), huge);

        Assert.True(result.Success, result.Error);
        var text = server.Requests.Single().Json["text"]!.ToString();
        Assert.True(text.Length <= 4096, $"length {text.Length}");
        Assert.Null(TelegramHtml.FindError(text));
    }

    [Fact]
    public async Task TooManyRequestsUsesRetryAfterParameter()
    {
        var limited = FakeResponse.Json(429, new JsonObject
        {
            ["ok"] = false,
            ["error_code"] = 429,
            ["description"] = "Too Many Requests: retry after 17",
            ["parameters"] = new JsonObject { ["retry_after"] = 17 },
        });
        await using var server = await FakeHttpServer.StartAsync(limited);

        var result = await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample());

        Assert.True(result.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(17), result.RetryAfter);
    }

    [Fact]
    public async Task WrongTokenIsPermanentWithoutToken()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeApis.TelegramBotApi("999:other"));

        var result = await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample());

        Assert.False(result.Success);
        Assert.False(result.IsTransient);
        Assert.Contains("404", result.Error);
        Assert.DoesNotContain(BotToken, result.Error);
    }

    private static Dictionary<string, string?> Settings(FakeHttpServer server) => new()
    {
        ["Kind"] = "telegram",
        ["BotToken"] = BotToken,
        ["ChatId"] = "-1001234567890",
        ["ApiBaseUrl"] = server.BaseUrl,
    };
}
