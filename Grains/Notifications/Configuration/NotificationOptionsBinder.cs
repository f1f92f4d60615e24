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
            var typed = ChannelKinds.CreateOptions(kind);
            var channelOptions = typed ?? new ChannelOptions();
            channel.Bind(channelOptions);

            // The binder ignores keys that match no property, so a misspelt setting would silently keep its
            // default. The validator reports these keys instead.
            if (typed is not null)
            {
                var known = typed.GetType().GetProperties().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
                channelOptions.UnknownSettings.AddRange(channel.GetChildren().Select(c => c.Key).Where(k => !known.Contains(k)));
            }

            options.Channels[channel.Key] = channelOptions;
        }
    }
}
