using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Notifications.Delivery;
using OrleansAgent.Grains.Notifications.Templates;

namespace OrleansAgent.Grains.Notifications.Configuration;

/// <summary>Checks <see cref="NotificationOptions"/> at start-up. Every message names the setting path.</summary>
public sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    private const string Root = NotificationOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var errors = new List<string>();
        ValidateGeneral(options, errors);
        ValidateChannels(options, errors);
        ValidateRoutes(options, errors);
        NotificationTemplates.TryLoad(options.TemplateDirectory, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateGeneral(NotificationOptions options, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            && (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"{Root}:PublicBaseUrl '{options.PublicBaseUrl}' is not an absolute http or https URL: use the address users open, such as https://agent.example.com.");
        }

        if (!string.IsNullOrWhiteSpace(options.AckTokenKey))
        {
            try
            {
                AckTokenSigner.DecodeKey(options.AckTokenKey);
            }
            catch (FormatException)
            {
                errors.Add($"{Root}:AckTokenKey is not base64 of at least {AckTokenSigner.MinKeyBytes} bytes: generate one with 'openssl rand -base64 32'.");
            }
        }

        if (options.AckTokenLifetime < TimeSpan.FromMinutes(1) || options.AckTokenLifetime > TimeSpan.FromDays(30))
        {
            errors.Add($"{Root}:AckTokenLifetime is {options.AckTokenLifetime}: use a value from 00:01:00 to 30.00:00:00.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{Root}:RequestTimeout is {options.RequestTimeout}: use a value above zero and at most 00:05:00.");
        }
    }

    private static void ValidateChannels(NotificationOptions options, List<string> errors)
    {
        foreach (var (channelName, channel) in options.Channels)
        {
            var path = $"{Root}:Channels:{channelName}";
            if (ChannelKinds.CreateOptions(channel.Kind) is null)
            {
                var kindDescription = string.IsNullOrWhiteSpace(channel.Kind) ? "missing" : $"'{channel.Kind}', which is unknown";
                errors.Add($"{path}:Kind is {kindDescription}: use one of {string.Join(", ", ChannelKinds.All)}.");
                continue;
            }

            foreach (var key in channel.UnknownSettings)
            {
                var valid = channel.GetType().GetProperties().Where(p => p.CanWrite).Select(p => p.Name);
                errors.Add($"{path}:{key} is not a setting of a {channel.Kind} channel: check the spelling; the settings are {string.Join(", ", valid)}.");
            }

            channel.Validate(path, errors);
            if (channel is EmailChannelOptions email && !string.IsNullOrWhiteSpace(email.Subject))
            {
                NotificationTemplates.TryParseSetting(email.Subject, $"{path}:Subject", errors);
            }
        }
    }

    private static void ValidateRoutes(NotificationOptions options, List<string> errors)
    {
        for (var i = 0; i < options.Routes.Count; i++)
        {
            var route = options.Routes[i];
            var path = $"{Root}:Routes:{i}";
            if (route.Channels.Count == 0)
            {
                errors.Add($"{path}:Channels is empty: name at least one channel from {Root}:Channels.");
            }

            for (var c = 0; c < route.Channels.Count; c++)
            {
                if (!options.Channels.ContainsKey(route.Channels[c]))
                {
                    errors.Add($"{path}:Channels:{c} names channel '{route.Channels[c]}', which is not configured under {Root}:Channels.");
                }
            }

            for (var k = 0; k < route.Kinds.Count; k++)
            {
                if (!NotificationKinds.IsKnown(route.Kinds[k]))
                {
                    errors.Add($"{path}:Kinds:{k} is '{route.Kinds[k]}', which is unknown: use one of {string.Join(", ", NotificationKinds.All)}.");
                }
            }

            for (var s = 0; s < route.Sources.Count; s++)
            {
                if (string.IsNullOrWhiteSpace(route.Sources[s]))
                {
                    errors.Add($"{path}:Sources:{s} is empty: name a source, or remove the entry to match all sources.");
                }
            }
        }
    }
}
