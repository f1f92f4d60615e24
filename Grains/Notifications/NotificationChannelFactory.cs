using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Notifications.Channels;
using OrleansAgent.Grains.Notifications.Configuration;
using OrleansAgent.Grains.Notifications.Templates;

namespace OrleansAgent.Grains.Notifications;

/// <summary>Creates the channel objects that <see cref="NotificationOptions.Channels"/> describes.</summary>
public sealed class NotificationChannelFactory(
    IOptions<NotificationOptions> options, NotificationTemplates templates, IHttpClientFactory httpClientFactory, TimeProvider timeProvider)
{
    /// <summary>The name of the <see cref="HttpClient"/> every HTTP channel uses.</summary>
    public const string HttpClientName = "OrleansAgent.Notifications";

    /// <summary>Creates every configured channel.</summary>
    public IReadOnlyList<INotificationChannel> CreateAll() =>
        options.Value.Channels.Select(pair => Create(pair.Key, pair.Value)).ToArray();

    /// <summary>Creates one channel from validated options.</summary>
    /// <exception cref="ArgumentException">The options have an unknown kind.</exception>
    public INotificationChannel Create(string name, ChannelOptions channelOptions)
    {
        Func<HttpClient> client = () => httpClientFactory.CreateClient(HttpClientName);
        return channelOptions switch
        {
            SlackChannelOptions slack => new SlackChannel(name, slack, templates, client, timeProvider),
            TeamsChannelOptions teams => new TeamsChannel(name, teams, templates, client, timeProvider),
            TelegramChannelOptions telegram => new TelegramChannel(name, telegram, templates, client, timeProvider),
            EmailChannelOptions email => new EmailChannel(name, email, templates, options.Value.RequestTimeout),
            LarkChannelOptions lark => new LarkChannel(name, lark, templates, client, timeProvider),
            WebhookChannelOptions webhook => new WebhookChannel(name, webhook, templates, client, timeProvider),
            AlertmanagerChannelOptions alertmanager => new AlertmanagerChannel(name, alertmanager, templates, client, timeProvider),
            VersusChannelOptions versus => new VersusChannel(name, versus, templates, client, timeProvider),
            PagerDutyChannelOptions pagerDuty => new PagerDutyChannel(name, pagerDuty, templates, client, timeProvider),
            _ => throw new ArgumentException(
                $"{NotificationOptions.SectionName}:Channels:{name}:Kind '{channelOptions.Kind}' is unknown: use one of {string.Join(", ", ChannelKinds.All)}.",
                nameof(channelOptions)),
        };
    }
}
