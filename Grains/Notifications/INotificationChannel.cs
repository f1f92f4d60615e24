namespace OrleansAgent.Grains.Notifications;

/// <summary>One configured destination for incident notifications.</summary>
public interface INotificationChannel
{
    /// <summary>The channel name from configuration (the key under <c>Agent:Notifications:Channels</c>).</summary>
    string Name { get; }

    /// <summary>The channel kind, one of <see cref="Configuration.ChannelKinds.All"/>.</summary>
    string Kind { get; }

    /// <summary>
    /// Sends one notification once, without retrying. Failures are returned, not thrown, except for
    /// cancellation through <paramref name="ct"/>.
    /// </summary>
    Task<DeliveryResult> SendAsync(IncidentNotification notification, CancellationToken ct);
}
