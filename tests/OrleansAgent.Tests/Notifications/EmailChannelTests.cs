using OrleansAgent.Tests.Notifications.Fakes;
using SmtpServer.Protocol;

namespace OrleansAgent.Tests.Notifications;

public sealed class EmailChannelTests
{
    [Fact]
    public async Task DeliversToEveryRecipient()
    {
        await using var smtp = await FakeSmtpServer.StartAsync();

        var result = await NotificationTestHost.SendAsync(Settings(smtp), NotificationTestHost.Sample());

        Assert.True(result.Success, result.Error);
        var mail = smtp.Messages.Single();
        Assert.Equal(["oncall@example.com", "sre@example.com"], mail.EnvelopeRecipients.Order());
        Assert.Equal("agent@example.com", mail.EnvelopeFrom);
        Assert.Equal(["oncall@example.com", "sre@example.com"], mail.Message.To.Mailboxes.Select(m => m.Address).Order());
    }

    [Fact]
    public async Task SubjectAndBodyDescribeIncident()
    {
        await using var smtp = await FakeSmtpServer.StartAsync();

        await NotificationTestHost.SendAsync(Settings(smtp), NotificationTestHost.Sample());

        var message = smtp.Messages.Single().Message;
        Assert.Equal("[High] opened: Database connection refused", message.Subject);
        var body = message.TextBody;
        Assert.Contains("Pattern:     connect to <*> failed: <*> refused", body);
        Assert.Contains("Incident:    https://agent.example.com/incidents/inc-42", body);
        Assert.Contains("Acknowledge: https://agent.example.com/incidents/inc-42/ack?token=abc&x=1", body);
        Assert.Contains(NotificationTestHost.CanarySample, body);
        Assert.Equal("inc-42", message.Headers["X-OrleansAgent-Incident"]);
    }

    [Fact]
    public async Task AuthenticatesWithConfiguredUser()
    {
        await using var smtp = await FakeSmtpServer.StartAsync("agent", "s3cret-pass");
        var settings = Settings(smtp);
        settings["UserName"] = "agent";
        settings["Password"] = "s3cret-pass";

        var result = await NotificationTestHost.SendAsync(settings, NotificationTestHost.Sample());

        Assert.True(result.Success, result.Error);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task WrongPasswordIsPermanentWithoutPassword()
    {
        await using var smtp = await FakeSmtpServer.StartAsync("agent", "s3cret-pass");
        var settings = Settings(smtp);
        settings["UserName"] = "agent";
        settings["Password"] = "wrong-pass-123";

        var result = await NotificationTestHost.SendAsync(settings, NotificationTestHost.Sample());

        Assert.False(result.Success);
        Assert.False(result.IsTransient);
        Assert.DoesNotContain("wrong-pass-123", result.Error);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task TemporaryRejectionIsTransient()
    {
        await using var smtp = await FakeSmtpServer.StartAsync();
        smtp.DataReply = new SmtpResponse(SmtpReplyCode.InsufficientStorage, "try again later");

        var result = await NotificationTestHost.SendAsync(Settings(smtp), NotificationTestHost.Sample());

        Assert.False(result.Success);
        Assert.True(result.IsTransient);
        Assert.Contains("452", result.Error);
    }

    [Fact]
    public async Task PermanentRejectionIsPermanent()
    {
        await using var smtp = await FakeSmtpServer.StartAsync();
        smtp.DataReply = new SmtpResponse(SmtpReplyCode.TransactionFailed, "message refused");

        var result = await NotificationTestHost.SendAsync(Settings(smtp), NotificationTestHost.Sample());

        Assert.False(result.Success);
        Assert.False(result.IsTransient);
        Assert.Contains("554", result.Error);
    }

    [Fact]
    public async Task RequiredStartTlsWithoutSupportIsPermanent()
    {
        await using var smtp = await FakeSmtpServer.StartAsync();
        var settings = Settings(smtp);
        settings["Security"] = "StartTls";

        var result = await NotificationTestHost.SendAsync(settings, NotificationTestHost.Sample());

        Assert.False(result.Success);
        Assert.False(result.IsTransient);
        Assert.Empty(smtp.Messages);
    }

    [Theory]
    [InlineData("SslOnConnect", true)]
    [InlineData("StartTls", false)]
    public async Task TlsWithPinnedCertificateDelivers(string security, bool implicitTls)
    {
        using var certificate = FakeSmtpServer.CreateCertificate();
        await using var smtp = await FakeSmtpServer.StartAsync("agent", "s3cret-pass", certificate, implicitTls);
        var settings = Settings(smtp);
        settings["Security"] = security;
        settings["UserName"] = "agent";
        settings["Password"] = "s3cret-pass";
        settings["ServerCertificateSha256"] = certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);

        var result = await NotificationTestHost.SendAsync(settings, NotificationTestHost.Sample());

        Assert.True(result.Success, result.Error);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task UntrustedCertificateIsPermanent()
    {
        using var certificate = FakeSmtpServer.CreateCertificate();
        await using var smtp = await FakeSmtpServer.StartAsync(certificate: certificate, implicitTls: true);
        var settings = Settings(smtp);
        settings["Security"] = "SslOnConnect";

        var result = await NotificationTestHost.SendAsync(settings, NotificationTestHost.Sample());

        Assert.False(result.Success);
        Assert.False(result.IsTransient);
        Assert.Contains("TLS handshake failed", result.Error);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task ClosedPortIsTransient()
    {
        var smtp = await FakeSmtpServer.StartAsync();
        var settings = Settings(smtp);
        await smtp.DisposeAsync();

        var result = await NotificationTestHost.SendAsync(settings, NotificationTestHost.Sample());

        Assert.False(result.Success);
        Assert.True(result.IsTransient);
    }

    private static Dictionary<string, string?> Settings(FakeSmtpServer smtp) => new()
    {
        ["Kind"] = "email",
        ["Host"] = "127.0.0.1",
        ["Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Security"] = "None",
        ["From"] = "Orleans Agent <agent@example.com>",
        ["To:0"] = "oncall@example.com",
        ["To:1"] = "sre@example.com",
    };
}
