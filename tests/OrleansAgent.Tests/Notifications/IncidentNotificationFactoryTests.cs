using System.Collections.Immutable;
using OrleansAgent.Grains.Interfaces.Incidents;
using OrleansAgent.Grains.Interfaces.Model;
using OrleansAgent.Grains.Notifications;

namespace OrleansAgent.Tests.Notifications;

public sealed class IncidentNotificationFactoryTests
{
    private static readonly DateTimeOffset Opened = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CopiesIncidentAndFindingFields()
    {
        var notification = IncidentNotificationFactory.Create("Acknowledged", Incident(), Finding());

        Assert.Equal("inc-9", notification.IncidentId);
        Assert.Equal("acknowledged", notification.Kind);
        Assert.Equal("acknowledged", notification.Status);
        Assert.Equal(Severity.Critical, notification.Severity);
        Assert.Equal(77, notification.Count);
        Assert.Equal("disk <*> full", notification.Template);
        Assert.Equal(["disk /var full"], notification.Samples);
        Assert.Equal(["Free space"], notification.SuggestedActions);
        Assert.Equal("orleans-agent/inc-9", notification.DedupKey);
        Assert.Null(notification.AckUrl);
    }

    [Fact]
    public void UnknownKindIsRejected()
    {
        var exception = Assert.Throws<ArgumentException>(() => IncidentNotificationFactory.Create("reopened", Incident(), Finding()));

        Assert.Contains("'reopened'", exception.Message);
    }

    private static IncidentSummary Incident() => new(
        "inc-9", "p-1|api", "Disk full", Severity.Critical, IncidentStatus.Acknowledged, "api", "p-1", Verdict.Unknown,
        Opened, Opened.AddMinutes(3), 2, 77, IsDeterministic: true);

    private static Finding Finding() => new(
        new Signal("s-1", "api", "p-1", "disk <*> full", Verdict.Unknown, null, null, 40, 40, 2, 20, Opened, Opened.AddMinutes(2),
            ["disk /var full"], [], "api", "ERROR"),
        "Disk full", "The disk is full.", Severity.Critical, 1, "storage", "Log growth", ["Free space"], "deterministic", true, null);
}
