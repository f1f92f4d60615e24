using System.Collections.Concurrent;
using OrleansAgent.Grains.Interfaces.Incidents;
using OrleansAgent.Tests.Infrastructure;
using OrleansAgent.Tests.Notifications.Fakes;

namespace OrleansAgent.Tests.Incidents;

/// <summary>The incident outbox retries deliveries through real HTTP until the channel recovers.</summary>
public sealed class IncidentDeliveryTests
{
    private static readonly FakeResponse Unavailable = new(503, "upstream unavailable", "text/plain");

    [Fact]
    public async Task FlakyChannelReceivesIncidentOnce()
    {
        await using var slack = await FakeHttpServer.StartAsync((request, index) => index < 5 ? Unavailable : FakeApis.SlackWebhook(request));
        await using var cluster = await AgentTestCluster.StartAsync(IncidentTestKit.Settings().WithSlack("ops", slack.BaseUrl));

        var opened = await cluster.ReportAsync(IncidentTestKit.Finding("p-flaky"));
        var details = await cluster.SettledAsync(opened.Id, expectedDeliveries: 1);

        var delivery = Assert.Single(details.Deliveries);
        Assert.Equal("delivered", delivery.State);
        Assert.Equal(6, delivery.Attempts);
        Assert.Equal(6, slack.Requests.Count);
        Assert.Single(details.Timeline, entry => entry.Kind == "delivered");
    }

    [Fact]
    public async Task DownChannelReceivesEventsInOrderWhenRecovered()
    {
        var down = 1;
        var accepted = new ConcurrentQueue<string>();
        await using var slack = await FakeHttpServer.StartAsync((request, _) =>
        {
            if (Volatile.Read(ref down) == 1)
            {
                return Unavailable;
            }

            accepted.Enqueue(request.Json["text"]!.ToString());
            return FakeApis.SlackWebhook(request);
        });
        await using var cluster = await AgentTestCluster.StartAsync(IncidentTestKit.Settings().WithSlack("ops", slack.BaseUrl));
        var opened = await cluster.ReportAsync(IncidentTestKit.Finding("p-down"));
        var incident = cluster.Grains.GetGrain<IIncidentGrain>(opened.Id);
        await incident.AcknowledgeAsync("alice");
        await incident.ResolveAsync("alice", "gateway restarted");
        await Eventually.WaitAsync(() => Task.FromResult(slack.Requests.Count), count => count >= 8);

        Volatile.Write(ref down, 0);
        var details = await cluster.SettledAsync(opened.Id, expectedDeliveries: 3);

        Assert.All(details.Deliveries, delivery => Assert.Equal("delivered", delivery.State));
        Assert.Collection(
            accepted,
            text => Assert.Contains("(opened)", text, StringComparison.OrdinalIgnoreCase),
            text => Assert.Contains("(acknowledged)", text, StringComparison.OrdinalIgnoreCase),
            text => Assert.Contains("(resolved)", text, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task DeliveryFailsAfterMaxAttempts()
    {
        await using var slack = await FakeHttpServer.StartAsync(Unavailable);
        var settings = IncidentTestKit.Settings().WithSlack("ops", slack.BaseUrl).With("Agent:Incidents:MaxDeliveryAttempts", "4");
        await using var cluster = await AgentTestCluster.StartAsync(settings);

        var opened = await cluster.ReportAsync(IncidentTestKit.Finding("p-dead"));
        var details = await cluster.SettledAsync(opened.Id, expectedDeliveries: 1);

        var delivery = Assert.Single(details.Deliveries);
        Assert.Equal("failed", delivery.State);
        Assert.Equal(4, delivery.Attempts);
        Assert.Contains("503", delivery.LastError);
        Assert.Single(details.Timeline, entry => entry.Kind == "delivery-failed");
    }

    [Fact]
    public async Task PendingDeliverySurvivesSiloRestart()
    {
        var down = 1;
        var accepted = new ConcurrentQueue<string>();
        await using var slack = await FakeHttpServer.StartAsync((request, _) =>
        {
            if (Volatile.Read(ref down) == 1)
            {
                return Unavailable;
            }

            accepted.Enqueue(request.Json["text"]!.ToString());
            return FakeApis.SlackWebhook(request);
        });
        var settings = IncidentTestKit.Settings()
            .WithSlack("ops", slack.BaseUrl)
            .With("Agent:Incidents:RetryMaxDelay", "00:00:01")
            .With("Agent:Incidents:MaxDeliveryAttempts", "1000");
        string serviceId;
        string incidentId;
        await using (var first = await AgentTestCluster.StartAsync(settings))
        {
            serviceId = first.ServiceId;
            incidentId = (await first.ReportAsync(IncidentTestKit.Finding("p-restart"))).Id;
            await Eventually.WaitAsync(() => Task.FromResult(slack.Requests.Count), count => count >= 2);
        }

        Volatile.Write(ref down, 0);
        await using var second = await AgentTestCluster.StartAsync(settings, serviceId);
        await Eventually.WaitAsync(() => Task.FromResult(accepted.Count), count => count >= 1);
        var details = await second.DetailsAsync(incidentId);

        Assert.Contains("(opened)", Assert.Single(accepted));
        var delivery = Assert.Single(details.Deliveries);
        Assert.Equal("delivered", delivery.State);
        Assert.True(delivery.Attempts >= 3, $"Expected at least 3 attempts, got {delivery.Attempts}.");
    }
}
