using OrleansAgent.Grains.Notifications.Templates;
using OrleansAgent.Tests.Notifications.Fakes;

namespace OrleansAgent.Tests.Notifications;

public sealed class NotificationTemplatesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("notification-templates-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void EveryBuiltInTemplateRendersSample()
    {
        var templates = NotificationTemplates.Load(null);

        foreach (var kind in Grains.Notifications.Configuration.ChannelKinds.All)
        {
            Assert.Contains("Connections to the orders database fail", templates.Render(kind, NotificationTestHost.Sample()));
        }
    }

    [Fact]
    public void FileOverridesBuiltInTemplate()
    {
        File.WriteAllText(Path.Combine(_directory, "slack.liquid"), "custom {{ incident_id }} {{ samples | size }}");
        var templates = NotificationTemplates.Load(_directory);

        var text = templates.Render("slack", NotificationTestHost.Sample());

        Assert.Equal("custom inc-42 2", text);
    }

    [Fact]
    public void ParseErrorNamesFile()
    {
        var file = Path.Combine(_directory, "telegram.liquid");
        File.WriteAllText(file, "{% for x in samples %}never closed");
        var errors = new List<string>();

        NotificationTemplates.TryLoad(_directory, errors);

        var error = Assert.Single(errors);
        Assert.StartsWith($"The template file '{file}' failed to parse: ", error);
    }

    [Fact]
    public void MisnamedFileIsRejected()
    {
        File.WriteAllText(Path.Combine(_directory, "slak.liquid"), "x");
        var errors = new List<string>();

        NotificationTemplates.TryLoad(_directory, errors);

        Assert.Contains(errors, e => e.Contains("slak.liquid' does not name a channel kind", StringComparison.Ordinal));
    }

    [Fact]
    public void BrokenOverrideFailsStartup()
    {
        File.WriteAllText(Path.Combine(_directory, "email.liquid"), "{{ title ");

        var errors = NotificationTestHost.StartupErrors(new Dictionary<string, string?> { [NotificationTestHost.Prefix + "TemplateDirectory"] = _directory });

        Assert.Contains(errors, e => e.Contains("email.liquid' failed to parse", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OverrideReachesChannel()
    {
        File.WriteAllText(Path.Combine(_directory, "teams.liquid"), "Custom body for {{ source }}");
        await using var server = await FakeHttpServer.StartAsync((request, _) => FakeApis.TeamsWorkflow(request));
        var settings = new Dictionary<string, string?>
        {
            [NotificationTestHost.Prefix + "TemplateDirectory"] = _directory,
            [NotificationTestHost.Prefix + "Channels:test:Kind"] = "teams",
            [NotificationTestHost.Prefix + "Channels:test:WebhookUrl"] = server.BaseUrl + "/hook",
        };
        await using var provider = NotificationTestHost.Build(settings);
        var dispatcher = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Grains.Notifications.Delivery.NotificationDispatcher>(provider);

        await dispatcher.SendAsync("test", NotificationTestHost.Sample(), CancellationToken.None);

        Assert.Equal("Custom body for payments-api", server.Requests.Single().Json["attachments"]![0]!["content"]!["body"]![2]!["text"]!.ToString());
    }
}
