using System.Security.Cryptography;
using System.Text;
using OrleansAgent.Grains.Notifications.Channels;
using OrleansAgent.Tests.Notifications.Fakes;

namespace OrleansAgent.Tests.Notifications;

public sealed class WebhookChannelTests
{
    private const string Secret = "webhook-shared-SECRET-0123";

    [Fact]
    public async Task SignatureVerifiesOverTimestampAndRawBody()
    {
        await using var server = await FakeHttpServer.StartAsync(new FakeResponse(204));

        var result = await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample());

        Assert.True(result.Success, result.Error);
        var request = server.Requests.Single();
        var timestamp = request.Header(WebhookChannel.TimestampHeader)!;
        var expected = "sha256=" + Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(timestamp + "." + request.Body)));
        Assert.Equal(expected, request.Header(WebhookChannel.SignatureHeader));
        Assert.InRange(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
    }

    [Fact]
    public async Task BodyCarriesIncidentFields()
    {
        await using var server = await FakeHttpServer.StartAsync(new FakeResponse(200));

        await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample());

        var body = server.Requests.Single().Json;
        Assert.Equal("inc-42", body["incidentId"]!.ToString());
        Assert.Equal("opened", body["kind"]!.ToString());
        Assert.Equal("high", body["severity"]!.ToString());
        Assert.Equal("connect to <*> failed: <*> refused", body["template"]!.ToString());
        Assert.Equal(1234, body["count"]!.GetValue<long>());
        Assert.Equal(NotificationTestHost.CanarySample, body["samples"]![1]!.ToString());
        Assert.StartsWith("[High] Database connection refused (opened)", body["text"]!.ToString());
        Assert.Equal("opened", server.Requests.Single().Header(WebhookChannel.EventHeader));
    }

    [Fact]
    public async Task ChangedBodyFailsVerification()
    {
        await using var server = await FakeHttpServer.StartAsync(new FakeResponse(200));

        await NotificationTestHost.SendAsync(Settings(server), NotificationTestHost.Sample());

        var request = server.Requests.Single();
        var timestamp = request.Header(WebhookChannel.TimestampHeader)!;
        var tampered = request.Body.Replace("inc-42", "inc-43", StringComparison.Ordinal);
        Assert.NotEqual("sha256=" + WebhookChannel.Sign(Secret, timestamp, tampered), request.Header(WebhookChannel.SignatureHeader));
    }

    private static Dictionary<string, string?> Settings(FakeHttpServer server) => new()
    {
        ["Kind"] = "webhook",
        ["Url"] = server.BaseUrl + "/hooks/agent",
        ["SigningSecret"] = Secret,
    };
}
