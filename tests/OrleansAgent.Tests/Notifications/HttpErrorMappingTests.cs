using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using OrleansAgent.Grains.Notifications.Delivery;
using OrleansAgent.Tests.Notifications.Fakes;

namespace OrleansAgent.Tests.Notifications;

public sealed class HttpErrorMappingTests
{
    [Fact]
    public async Task TooManyRequestsIsTransient()
    {
        await using var server = await FakeHttpServer.StartAsync(new FakeResponse(429)
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = "42" },
        });

        var result = await NotificationTestHost.SendAsync(Teams(server.BaseUrl), NotificationTestHost.Sample());

        Assert.False(result.Success);
        Assert.True(result.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(42), result.RetryAfter);
    }

    [Fact]
    public async Task RetryAfterDateBecomesDelay()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(2);
        await using var server = await FakeHttpServer.StartAsync(new FakeResponse(503)
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = at.ToString("R") },
        });

        var result = await NotificationTestHost.SendAsync(Teams(server.BaseUrl), NotificationTestHost.Sample());

        Assert.True(result.IsTransient);
        Assert.InRange(result.RetryAfter!.Value, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(121));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(408)]
    public async Task ServerErrorsAreTransient(int status)
    {
        await using var server = await FakeHttpServer.StartAsync(new FakeResponse(status, "{\"error\":\"down\"}"));

        var result = await NotificationTestHost.SendAsync(Teams(server.BaseUrl), NotificationTestHost.Sample());

        Assert.False(result.Success);
        Assert.True(result.IsTransient);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Error);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task ClientErrorsArePermanent(int status)
    {
        await using var server = await FakeHttpServer.StartAsync(new FakeResponse(status, "{\"error\":\"bad\"}"));

        var result = await NotificationTestHost.SendAsync(Teams(server.BaseUrl), NotificationTestHost.Sample());

        Assert.False(result.Success);
        Assert.False(result.IsTransient);
        Assert.Null(result.RetryAfter);
    }

    [Fact]
    public async Task ErrorBodyEchoingWebhookUrlIsMasked()
    {
        string? url = null;
        await using var server = await FakeHttpServer.StartAsync((_, _) => new FakeResponse(400, $"{{\"error\":\"unknown hook {url}\"}}"));
        url = server.BaseUrl + "/workflows/SECRET-SIG-123456";

        var result = await NotificationTestHost.SendAsync(new Dictionary<string, string?> { ["Kind"] = "teams", ["WebhookUrl"] = url }, NotificationTestHost.Sample());

        Assert.Contains("unknown hook ***", result.Error);
        Assert.DoesNotContain("SECRET-SIG-123456", result.Error);
    }

    [Fact]
    public async Task TimeoutIsTransient()
    {
        await using var server = await FakeHttpServer.StartAsync(async (_, _, aborted) =>
        {
            await Task.Delay(Timeout.Infinite, aborted);
            return new FakeResponse(202);
        });
        var settings = new Dictionary<string, string?>
        {
            [NotificationTestHost.Prefix + "RequestTimeout"] = "00:00:01",
            [NotificationTestHost.Prefix + "Channels:test:Kind"] = "teams",
            [NotificationTestHost.Prefix + "Channels:test:WebhookUrl"] = server.BaseUrl + "/hook",
        };
        await using var provider = NotificationTestHost.Build(settings);
        var dispatcher = provider.GetRequiredService<NotificationDispatcher>();

        var result = await dispatcher.SendAsync("test", NotificationTestHost.Sample(), CancellationToken.None);

        Assert.False(result.Success);
        Assert.True(result.IsTransient);
        Assert.Contains("timed out", result.Error);
    }

    [Fact]
    public async Task RefusedConnectionIsTransientWithoutUrl()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}/workflows/SECRET-SIG-123456";

        var result = await NotificationTestHost.SendAsync(new Dictionary<string, string?> { ["Kind"] = "teams", ["WebhookUrl"] = url }, NotificationTestHost.Sample());

        Assert.False(result.Success);
        Assert.True(result.IsTransient);
        Assert.DoesNotContain("SECRET-SIG-123456", result.Error);
        Assert.DoesNotContain("127.0.0.1", result.Error);
    }

    private static Dictionary<string, string?> Teams(string baseUrl) => new()
    {
        ["Kind"] = "teams",
        ["WebhookUrl"] = baseUrl + "/workflows/abc",
    };

    // A port that was just free: bound, read and released, so nothing listens on it.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
