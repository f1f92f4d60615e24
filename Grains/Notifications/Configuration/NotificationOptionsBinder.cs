using Microsoft.Extensions.Configuration;

namespace OrleansAgent.Grains.Notifications.Configuration;

/// <summary>
/// Binds <see cref="NotificationOptions"/>, creating for each channel the options subclass its <c>Kind</c>
/// names, which the plain configuration binder cannot do for a dictionary of base-class values.
/// </summary>
public static class NotificationOptionsBinder
{
    public static void Bind(IConfiguration section, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(options);

        section.Bind(options);
        options.Channels.Clear();
        foreach (var channel in section.GetSection(nameof(NotificationOptions.Channels)).GetChildren())
        {
            var kind = channel[nameof(ChannelOptions.Kind)];

            // An unknown kind keeps base options, so the validator can name the channel and the bad value.
            var channelOptions = ChannelKinds.CreateOptions(kind) ?? new ChannelOptions();
            channel.Bind(channelOptions);
            options.Channels[channel.Key] = channelOptions;
        }
    }
}
