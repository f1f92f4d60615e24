using OrleansAgent.Grains.Interfaces.Incidents;
using OrleansAgent.Tests.Infrastructure;
using OrleansAgent.Tests.Notifications.Fakes;

namespace OrleansAgent.Tests.Incidents;

/// <summary>Unacknowledged incidents page the on-call channel through a reminder that survives restarts.</summary>
public sealed class IncidentEscalationTests
{
    private static Dictionary<string, string?> EscalationSettings(FakeHttpServer slack, FakeHttpServer pagerDuty, string after) =>
        IncidentTestKit.Settings()
            .WithSlack("ops", slack.BaseUrl)
            .WithPagerDuty("oncall", pagerDuty.BaseUrl)
            .WithRoute(0, "ops")
            .With("Agent:Incidents:Escalation:MinSeverity", "High")
            .With("Agent:Incidents:Escalation:After", after)
            .With("Agent:Incidents:Escalation:Channels:0", "oncall");

    private static string DedupKey(string incidentId) => "orleans-agent/" + incidentId;

    [Fact]
    public async Task EscalationSurvivesSiloRestart()
    {
        await using var slack = await FakeHttpServer.StartAsync((request, _) => FakeApis.SlackWebhook(request));
        await using var pagerDuty = await FakeHttpServer.StartAsync((request, _) => FakeApis.PagerDuty(request));
        var settings = EscalationSettings(slack, pagerDuty, after: "00:00:15");
        string serviceId;
        IncidentSummary acknowledged;
        IncidentSummary ignored;
        await using (var first = await AgentTestCluster.StartAsync(settings))
        {
            serviceId = first.ServiceId;
            acknowledged = await first.ReportAsync(IncidentTestKit.Finding("p-acked", Severity.Critical));
            ignored = await first.ReportAsync(IncidentTestKit.Finding("p-ignored", Severity.Critical));
            await first.Grains.GetGrain<IIncidentGrain>(acknowledged.Id).AcknowledgeAsync("alice");
        }

        Assert.Empty(pagerDuty.Requests);
        await using var second = await AgentTestCluster.StartAsync(settings, serviceId);
        var pages = await Eventually.WaitAsync(
            () => Task.FromResult(pagerDuty.Requests),
            requests => requests.Any(request => request.Json["dedup_key"]?.ToString() == DedupKey(ignored.Id)));

        var page = Assert.Single(pages);
        Assert.Equal("trigger", page.Json["event_action"]?.ToString());
        Assert.Equal(DedupKey(ignored.Id), page.Json["dedup_key"]?.ToString());
        var details = await second.DetailsAsync(ignored.Id);
        Assert.Contains(details.Timeline, entry => entry.Kind == "escalated");
        var acknowledgedDetails = await second.DetailsAsync(acknowledged.Id);
        Assert.Contains(acknowledgedDetails.Timeline, entry => entry.Kind == "escalation-cancelled");
        Assert.DoesNotContain(acknowledgedDetails.Timeline, entry => entry.Kind == "escalated");
    }

    [Fact]
    public async Task EscalatedIncidentAcknowledgesAndResolvesInPagerDuty()
    {
        await using var slack = await FakeHttpServer.StartAsync((request, _) => FakeApis.SlackWebhook(request));
        await using var pagerDuty = await FakeHttpServer.StartAsync((request, _) => FakeApis.PagerDuty(request));
        await using var cluster = await AgentTestCluster.StartAsync(EscalationSettings(slack, pagerDuty, after: "00:00:01"));
        var opened = await cluster.ReportAsync(IncidentTestKit.Finding("p-paged", Severity.Critical));
        await Eventually.WaitAsync(() => Task.FromResult(pagerDuty.Requests.Count), count => count >= 1);
        var incident = cluster.Grains.GetGrain<IIncidentGrain>(opened.Id);

        await incident.AcknowledgeAsync("bob");
        await incident.ResolveAsync("bob", "failed over");
        await cluster.SettledAsync(opened.Id, expectedDeliveries: 6);

        Assert.Equal(["trigger", "acknowledge", "resolve"], pagerDuty.Requests.Select(request => request.Json["event_action"]?.ToString()));
        Assert.All(pagerDuty.Requests, request => Assert.Equal(DedupKey(opened.Id), request.Json["dedup_key"]?.ToString()));
        Assert.All(pagerDuty.Requests, request => Assert.Equal(IncidentTestKit.RoutingKey, request.Json["routing_key"]?.ToString()));
    }

    [Fact]
    public async Task IncidentBelowMinimumSeverityDoesNotScheduleEscalation()
    {
        await using var slack = await FakeHttpServer.StartAsync((request, _) => FakeApis.SlackWebhook(request));
        await using var pagerDuty = await FakeHttpServer.StartAsync((request, _) => FakeApis.PagerDuty(request));
        await using var cluster = await AgentTestCluster.StartAsync(EscalationSettings(slack, pagerDuty, after: "00:00:01"));

        var low = await cluster.ReportAsync(IncidentTestKit.Finding("p-low", Severity.Medium));
        var high = await cluster.ReportAsync(IncidentTestKit.Finding("p-high", Severity.High));
        await Eventually.WaitAsync(() => Task.FromResult(pagerDuty.Requests.Count), count => count >= 1);

        var lowDetails = await cluster.DetailsAsync(low.Id);
        Assert.DoesNotContain(lowDetails.Timeline, entry => entry.Kind.StartsWith("escalat", StringComparison.Ordinal));
        Assert.Equal(DedupKey(high.Id), Assert.Single(pagerDuty.Requests).Json["dedup_key"]?.ToString());
    }
}
