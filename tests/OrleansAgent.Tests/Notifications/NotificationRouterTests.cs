using OrleansAgent.Grains.Interfaces.Model;
using OrleansAgent.Grains.Notifications.Configuration;
using OrleansAgent.Grains.Notifications.Delivery;

namespace OrleansAgent.Tests.Notifications;

public sealed class NotificationRouterTests
{
    private static readonly NotificationOptions Options = new()
    {
        Channels = new(StringComparer.OrdinalIgnoreCase)
        {
            ["pager"] = new PagerDutyChannelOptions(),
            ["chat"] = new SlackChannelOptions(),
            ["mail"] = new EmailChannelOptions(),
        },
        Routes =
        [
            new NotificationRoute { Channels = ["chat"] },
            new NotificationRoute { Channels = ["pager"], MinSeverity = Severity.High, Sources = ["payments-*"] },
            new NotificationRoute { Channels = ["mail", "chat"], Kinds = ["resolved"] },
            new NotificationRoute { Channels = ["mail"], Severities = [Severity.Low] },
        ],
    };

    [Fact]
    public void HighPaymentsIncidentReachesPager()
    {
        var router = new NotificationRouter(Options);

        var channels = router.Route(NotificationTestHost.Sample(severity: Severity.Critical));

        Assert.Equal(["chat", "pager"], channels);
    }

    [Fact]
    public void MediumIncidentSkipsPager()
    {
        var router = new NotificationRouter(Options);

        var channels = router.Route(NotificationTestHost.Sample(severity: Severity.Medium));

        Assert.Equal(["chat"], channels);
    }

    [Fact]
    public void OtherSourceSkipsPager()
    {
        var router = new NotificationRouter(Options);

        var channels = router.Route(NotificationTestHost.Sample(severity: Severity.Critical) with { Source = "checkout" });

        Assert.Equal(["chat"], channels);
    }

    [Fact]
    public void KindFilterAddsChannelsOnceEach()
    {
        var router = new NotificationRouter(Options);

        var channels = router.Route(NotificationTestHost.Sample("resolved", Severity.Medium));

        Assert.Equal(["chat", "mail"], channels);
    }

    [Fact]
    public void SeverityListMatchesExactly()
    {
        var router = new NotificationRouter(Options);

        var channels = router.Route(NotificationTestHost.Sample(severity: Severity.Low));

        Assert.Equal(["chat", "mail"], channels);
    }

    [Fact]
    public void NoRoutesSendsToEveryChannel()
    {
        var router = new NotificationRouter(new NotificationOptions { Channels = Options.Channels });

        var channels = router.Route(NotificationTestHost.Sample(severity: Severity.Info));

        Assert.Equal(["chat", "mail", "pager"], channels);
    }
}
