using System.Text.RegularExpressions;
using OrleansAgent.Grains.Interfaces.Incidents;
using OrleansAgent.Grains.Notifications.Channels;
using OrleansAgent.Grains.Notifications.Delivery;
using OrleansAgent.Tests.Infrastructure;
using OrleansAgent.Tests.Notifications.Fakes;

namespace OrleansAgent.Tests.Incidents;

/// <summary>Findings become incidents that open, acknowledge and resolve in every routed channel.</summary>
public sealed class IncidentLifecycleTests
{
    private static readonly byte[] AckKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Fact]
    public async Task BurstOfSamePatternOpensOneIncident()
    {
        await using var hook = await FakeHttpServer.StartAsync(new FakeResponse(204));
        await using var cluster = await AgentTestCluster.StartAsync(IncidentTestKit.Settings().WithWebhook("hook", hook.BaseUrl));

        var reports = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => cluster.ReportAsync(IncidentTestKit.Finding("p-burst"))));
        var incidents = await cluster.IncidentsAsync();
        var details = await cluster.SettledAsync(reports[0].Id, expectedDeliveries: 1);

        var incident = Assert.Single(incidents);
        Assert.Single(reports.Select(report => report.Id).Distinct());
        Assert.Equal(25, incident.Occurrences);
        Assert.Single(details.Deliveries);
        Assert.Single(hook.Requests);
    }

    [Fact]
    public async Task RoutedChannelsReceiveOpenedAcknowledgedAndResolvedPayloads()
    {
        await using var slack = await FakeHttpServer.StartAsync((request, _) => FakeApis.SlackWebhook(request));
        await using var hook = await FakeHttpServer.StartAsync(new FakeResponse(204));
        await using var pagerDuty = await FakeHttpServer.StartAsync((request, _) => FakeApis.PagerDuty(request));
        var settings = IncidentTestKit.Settings()
            .WithSlack("ops", slack.BaseUrl)
            .WithWebhook("hook", hook.BaseUrl)
            .WithPagerDuty("pager", pagerDuty.BaseUrl)
            .WithRoute(0, "ops", "hook")
            .WithRoute(1, "pager")
            .With("Agent:Notifications:Routes:1:MinSeverity", "Critical")
            .With("Agent:Notifications:PublicBaseUrl", "http://127.0.0.1:9/agent")
            .With("Agent:Notifications:AckTokenKey", Convert.ToBase64String(AckKey));
        await using var cluster = await AgentTestCluster.StartAsync(settings);

        var opened = await cluster.ReportAsync(IncidentTestKit.Finding("p-routed", Severity.Critical));
        var incident = cluster.Grains.GetGrain<IIncidentGrain>(opened.Id);
        await cluster.SettledAsync(opened.Id, expectedDeliveries: 3);
        await incident.AcknowledgeAsync("carol");
        await cluster.SettledAsync(opened.Id, expectedDeliveries: 6);
        await incident.ResolveAsync("carol", "rolled back");
        var details = await cluster.SettledAsync(opened.Id, expectedDeliveries: 9);

        Assert.All(details.Deliveries, delivery => Assert.Equal("delivered", delivery.State));
        var slackTexts = slack.Requests.Select(request => request.Json["text"]!.ToString()).ToArray();
        Assert.Equal(3, slackTexts.Length);
        Assert.Contains("(opened)", slackTexts[0]);
        var ackToken = Regex.Match(slackTexts[0], "/agent/incidents/" + Regex.Escape(opened.Id) + "/ack\\?token=([A-Za-z0-9_.%-]+)");
        Assert.True(ackToken.Success, slackTexts[0]);
        Assert.True(new AckTokenSigner(AckKey).TryValidate(Uri.UnescapeDataString(ackToken.Groups[1].Value), DateTimeOffset.UtcNow, out var ackedId));
        Assert.Equal(opened.Id, ackedId);
        Assert.Contains("(acknowledged)", slackTexts[1]);
        Assert.Contains("(resolved)", slackTexts[2]);
        Assert.Equal(["opened", "acknowledged", "resolved"], hook.Requests.Select(request => request.Header("X-OrleansAgent-Event")));
        Assert.Equal(["open", "acknowledged", "resolved"], hook.Requests.Select(request => request.Json["status"]?.ToString()));
        Assert.All(hook.Requests, request => Assert.Equal(opened.Id, request.Json["incidentId"]?.ToString()));
        Assert.All(hook.Requests, request => Assert.Equal(
            "sha256=" + WebhookChannel.Sign(IncidentTestKit.WebhookSecret, request.Header(WebhookChannel.TimestampHeader)!, request.Body),
            request.Header(WebhookChannel.SignatureHeader)));
        Assert.Equal(["trigger", "acknowledge", "resolve"], pagerDuty.Requests.Select(request => request.Json["event_action"]?.ToString()));
        Assert.Single(pagerDuty.Requests.Select(request => request.Json["dedup_key"]?.ToString()).Distinct());
    }

    [Fact]
    public async Task RouteSkipsIncidentBelowMinSeverity()
    {
        await using var hook = await FakeHttpServer.StartAsync(new FakeResponse(204));
        await using var pagerDuty = await FakeHttpServer.StartAsync((request, _) => FakeApis.PagerDuty(request));
        var settings = IncidentTestKit.Settings()
            .WithWebhook("hook", hook.BaseUrl)
            .WithPagerDuty("pager", pagerDuty.BaseUrl)
            .WithRoute(0, "hook")
            .WithRoute(1, "pager")
            .With("Agent:Notifications:Routes:1:MinSeverity", "Critical")
            .With("Agent:Notifications:Routes:1:Kinds:0", "opened");
        await using var cluster = await AgentTestCluster.StartAsync(settings);

        var opened = await cluster.ReportAsync(IncidentTestKit.Finding("p-medium", Severity.Medium));
        await cluster.Grains.GetGrain<IIncidentGrain>(opened.Id).ResolveAsync("dave", "noise");
        var details = await cluster.SettledAsync(opened.Id, expectedDeliveries: 2);

        Assert.All(details.Deliveries, delivery => Assert.Equal("hook", delivery.Channel));
        Assert.Empty(pagerDuty.Requests);
    }

    [Fact]
    public async Task RouteWithKindsSkipsOtherEvents()
    {
        await using var pagerDuty = await FakeHttpServer.StartAsync((request, _) => FakeApis.PagerDuty(request));
        var settings = IncidentTestKit.Settings()
            .WithPagerDuty("pager", pagerDuty.BaseUrl)
            .WithRoute(0, "pager")
            .With("Agent:Notifications:Routes:0:Kinds:0", "opened")
            .With("Agent:Notifications:Routes:0:Kinds:1", "resolved");
        await using var cluster = await AgentTestCluster.StartAsync(settings);
        var opened = await cluster.ReportAsync(IncidentTestKit.Finding("p-kinds", Severity.Critical));
        var incident = cluster.Grains.GetGrain<IIncidentGrain>(opened.Id);

        await incident.AcknowledgeAsync("erin");
        await incident.ResolveAsync("erin", "fixed");
        var details = await cluster.SettledAsync(opened.Id, expectedDeliveries: 2);

        Assert.Equal(["opened", "resolved"], details.Deliveries.Select(delivery => delivery.Event));
        Assert.Equal(["trigger", "resolve"], pagerDuty.Requests.Select(request => request.Json["event_action"]?.ToString()));
    }

    [Fact]
    public async Task QuietIncidentResolvesItselfAndNotifiesChannels()
    {
        await using var hook = await FakeHttpServer.StartAsync(new FakeResponse(204));
        var settings = IncidentTestKit.Settings().WithWebhook("hook", hook.BaseUrl).With("Agent:Incidents:AutoResolveAfter", "00:00:02");
        await using var cluster = await AgentTestCluster.StartAsync(settings);

        var opened = await cluster.ReportAsync(IncidentTestKit.Finding("p-quiet"));
        var details = await Eventually.WaitAsync(
            () => cluster.DetailsAsync(opened.Id),
            incident => incident.Summary.Status == IncidentStatus.Resolved && incident.Deliveries.All(d => d.State == "delivered"));

        Assert.Equal(IncidentStatus.Resolved, details.Summary.Status);
        Assert.Contains(details.Timeline, entry => entry.Kind == "auto-resolved");
        Assert.Equal(["opened", "resolved"], hook.Requests.Select(request => request.Header("X-OrleansAgent-Event")));
        var listed = Assert.Single(await Eventually.WaitAsync(cluster.IncidentsAsync, rows => rows.All(row => row.Status == IncidentStatus.Resolved)));
        Assert.Equal(IncidentStatus.Resolved, listed.Status);
    }

    [Fact]
    public async Task LaterFindingResolvesQuietIncident()
    {
        var settings = IncidentTestKit.Settings().With("Agent:Incidents:AutoResolveAfter", "01:00:00");
        await using var cluster = await AgentTestCluster.StartAsync(settings);
        var start = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        var quiet = await cluster.ReportAsync(IncidentTestKit.Finding("p-early", Severity.High, "replay/1/p-early", start));
        var busy = await cluster.ReportAsync(IncidentTestKit.Finding("p-busy", Severity.High, "replay/1/p-busy", start));

        await cluster.ReportAsync(IncidentTestKit.Finding("p-busy", Severity.High, "replay/2/p-busy", start.AddMinutes(59)));
        var beforeQuietTime = await cluster.DetailsAsync(quiet.Id);
        await cluster.ReportAsync(IncidentTestKit.Finding("p-busy", Severity.High, "replay/3/p-busy", start.AddMinutes(61)));
        var afterQuietTime = await cluster.DetailsAsync(quiet.Id);
        var busyDetails = await cluster.DetailsAsync(busy.Id);

        Assert.Equal(IncidentStatus.Open, beforeQuietTime.Summary.Status);
        Assert.Equal(IncidentStatus.Resolved, afterQuietTime.Summary.Status);
        Assert.Contains(afterQuietTime.Timeline, entry => entry.Kind == "auto-resolved");
        Assert.Equal(IncidentStatus.Open, busyDetails.Summary.Status);
    }
}
