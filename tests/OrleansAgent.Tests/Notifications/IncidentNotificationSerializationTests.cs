using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansAgent.Grains.Notifications;

namespace OrleansAgent.Tests.Notifications;

public sealed class IncidentNotificationSerializationTests
{
    [Fact]
    public void NotificationRoundTripsThroughOrleans()
    {
        using var provider = new ServiceCollection()
            .AddSerializer(builder => builder.AddAssembly(typeof(IncidentNotification).Assembly))
            .BuildServiceProvider();
        var serializer = provider.GetRequiredService<Serializer>();
        var original = NotificationTestHost.Sample();

        var copy = serializer.Deserialize<IncidentNotification>(serializer.SerializeToArray(original))!;

        Assert.Equal(original.IncidentId, copy.IncidentId);
        Assert.Equal(original.Severity, copy.Severity);
        Assert.Equal(original.LastSeen, copy.LastSeen);
        Assert.Equal(original.Samples, copy.Samples);
        Assert.Equal(original.SuggestedActions, copy.SuggestedActions);
        Assert.Equal(original.AckUrl, copy.AckUrl);
        Assert.Equal(original.DedupKey, copy.DedupKey);
    }

    [Fact]
    public void DeliveryResultRoundTripsThroughOrleans()
    {
        using var provider = new ServiceCollection()
            .AddSerializer(builder => builder.AddAssembly(typeof(DeliveryResult).Assembly))
            .BuildServiceProvider();
        var serializer = provider.GetRequiredService<Serializer>();
        var original = DeliveryResult.Transient("teams returned HTTP 503", TimeSpan.FromSeconds(30));

        var copy = serializer.Deserialize<DeliveryResult>(serializer.SerializeToArray(original));

        Assert.Equal(original, copy);
    }
}
