using Microsoft.Extensions.DependencyInjection;
using OrleansAgent.Grains.Notifications.Delivery;
using OrleansAgent.Tests.Notifications.Fakes;

namespace OrleansAgent.Tests.Notifications;

public sealed class NotificationDispatcherTests
{
    [Fact]
    public async Task UnknownChannelIsPermanentFailure()
    {
        await using var provider = NotificationTestHost.Build(new Dictionary<string, string?>());
        var dispatcher = provider.GetRequiredService<NotificationDispatcher>();

        var result = await dispatcher.SendAsync("gone", NotificationTestHost.Sample(), CancellationToken.None);

        Assert.False(result.Success);
        Assert.False(result.IsTransient);
        Assert.Contains("'gone'", result.Error);
    }

    [Fact]
    public async Task FailingServerSucceedsAfterItsFailures()
    {
        await using var server = await FakeHttpServer.FailingThenSucceedingAsync(2, new FakeResponse(503), new FakeResponse(202));
        await using var provider = NotificationTestHost.Build(new Dictionary<string, string?>
        {
            [NotificationTestHost.Prefix + "Channels:ops:Kind"] = "teams",
            [NotificationTestHost.Prefix + "Channels:ops:WebhookUrl"] = server.BaseUrl + "/hook",
        });
        var dispatcher = provider.GetRequiredService<NotificationDispatcher>();
        var notification = NotificationTestHost.Sample();

        var first = await dispatcher.SendAsync("ops", notification, CancellationToken.None);
        var second = await dispatcher.SendAsync("ops", notification, CancellationToken.None);
        var third = await dispatcher.SendAsync("ops", notification, CancellationToken.None);

        Assert.True(first.IsTransient);
        Assert.True(second.IsTransient);
        Assert.True(third.Success, third.Error);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task CancellationPropagates()
    {
        await using var server = await FakeHttpServer.StartAsync(new FakeResponse(202));
        await using var provider = NotificationTestHost.Build(new Dictionary<string, string?>
        {
            [NotificationTestHost.Prefix + "Channels:ops:Kind"] = "teams",
            [NotificationTestHost.Prefix + "Channels:ops:WebhookUrl"] = server.BaseUrl + "/hook",
        });
        var dispatcher = provider.GetRequiredService<NotificationDispatcher>();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => dispatcher.SendAsync("ops", NotificationTestHost.Sample(), cancelled.Token));
    }
}
