using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Notifications.Configuration;
using OrleansAgent.Grains.Notifications.Delivery;
using OrleansAgent.Grains.Notifications.Templates;

namespace OrleansAgent.Grains.Notifications;

/// <summary>Registers the notification channels and their delivery services.</summary>
public static class NotificationServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="NotificationOptions"/> from <c>Agent:Notifications</c>, validates them at start-up and
    /// registers the templates, channels, <see cref="NotificationRouter"/>, <see cref="NotificationDispatcher"/>,
    /// <see cref="AckTokenSigner"/> and <see cref="NotificationLinkBuilder"/> as singletons.
    /// </summary>
    public static IServiceCollection AddAgentNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection(NotificationOptions.SectionName);
        services.AddOptions<NotificationOptions>()
            .Configure(options => NotificationOptionsBinder.Bind(section, options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>());

        // The default HttpClient logging writes request URLs, which carry tokens for Slack, Teams, Lark and
        // Telegram. So the client logs nothing, and the dispatcher logs each delivery outcome instead.
        services.AddHttpClient(NotificationChannelFactory.HttpClientName)
            .ConfigureHttpClient((provider, client) =>
                client.Timeout = provider.GetRequiredService<IOptions<NotificationOptions>>().Value.RequestTimeout)
            .RemoveAllLoggers();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
            NotificationTemplates.Load(provider.GetRequiredService<IOptions<NotificationOptions>>().Value.TemplateDirectory));
        services.TryAddSingleton<NotificationChannelFactory>();
        services.TryAddSingleton<NotificationRouter>();
        services.TryAddSingleton<AckTokenSigner>();
        services.TryAddSingleton<NotificationLinkBuilder>();
        services.TryAddSingleton(provider => new NotificationDispatcher(
            provider.GetRequiredService<NotificationChannelFactory>().CreateAll(),
            provider.GetRequiredService<NotificationRouter>(),
            provider.GetRequiredService<ILogger<NotificationDispatcher>>()));
        return services;
    }
}
