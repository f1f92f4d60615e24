using Microsoft.Extensions.DependencyInjection;
using OrleansAgent.Grains.Notifications.Delivery;

namespace OrleansAgent.Tests.Notifications;

public sealed class NotificationLinkBuilderTests
{
    [Fact]
    public void LinksCarryValidAckToken()
    {
        using var provider = NotificationTestHost.Build(new Dictionary<string, string?>
        {
            [NotificationTestHost.Prefix + "PublicBaseUrl"] = "https://agent.example.com/",
            [NotificationTestHost.Prefix + "AckTokenKey"] = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()),
        });
        var builder = provider.GetRequiredService<NotificationLinkBuilder>();
        var signer = provider.GetRequiredService<AckTokenSigner>();

        var linked = builder.AddLinks(NotificationTestHost.Sample() with { IncidentId = "inc 7", IncidentUrl = null, PatternUrl = null, AckUrl = null });

        Assert.Equal("https://agent.example.com/incidents/inc%207", linked.IncidentUrl);
        Assert.Equal("https://agent.example.com/patterns/p-7f3a", linked.PatternUrl);
        var ack = new Uri(linked.AckUrl!);
        Assert.Equal("/incidents/inc%207/ack", ack.AbsolutePath);
        var token = Uri.UnescapeDataString(ack.Query["?token=".Length..]);
        Assert.True(signer.TryValidate(token, DateTimeOffset.UtcNow, out var incidentId));
        Assert.Equal("inc 7", incidentId);
    }

    [Fact]
    public void NoBaseUrlLeavesLinksUnset()
    {
        using var provider = NotificationTestHost.Build(new Dictionary<string, string?>());
        var builder = provider.GetRequiredService<NotificationLinkBuilder>();

        var linked = builder.AddLinks(NotificationTestHost.Sample() with { IncidentUrl = null, PatternUrl = null, AckUrl = null });

        Assert.Null(linked.AckUrl);
    }
}
