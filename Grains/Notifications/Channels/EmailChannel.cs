using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Fluid;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using OrleansAgent.Grains.Notifications.Configuration;
using OrleansAgent.Grains.Notifications.Templates;

namespace OrleansAgent.Grains.Notifications.Channels;

/// <summary>Sends a plain-text email through an SMTP server with MailKit, one connection per delivery.</summary>
public sealed class EmailChannel : INotificationChannel
{
    private readonly EmailChannelOptions _options;
    private readonly NotificationTemplates _templates;
    private readonly IFluidTemplate _subject;
    private readonly TimeSpan _timeout;
    private readonly SecretScrubber _scrubber;

    /// <exception cref="InvalidOperationException">The subject template failed to parse.</exception>
    public EmailChannel(string name, EmailChannelOptions options, NotificationTemplates templates, TimeSpan timeout)
    {
        Name = name;
        _options = options;
        _templates = templates;
        _timeout = timeout;
        _scrubber = new SecretScrubber(options.Secrets());

        var errors = new List<string>();
        _subject = NotificationTemplates.TryParseSetting(options.Subject, $"{NotificationOptions.SectionName}:Channels:{name}:Subject", errors)
            ?? throw new InvalidOperationException(string.Join(" ", errors));
    }

    public string Name { get; }

    public string Kind => ChannelKinds.Email;

    public async Task<DeliveryResult> SendAsync(IncidentNotification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);

        using var message = BuildMessage(notification);
        using var client = new SmtpClient { Timeout = (int)_timeout.TotalMilliseconds };
        if (!string.IsNullOrEmpty(_options.ServerCertificateSha256))
        {
            client.ServerCertificateValidationCallback = IsTrustedCertificate;
        }

        try
        {
            await client.ConnectAsync(_options.Host!, _options.Port, ToSocketOptions(_options.Security), ct);
            if (!string.IsNullOrEmpty(_options.UserName))
            {
                await client.AuthenticateAsync(_options.UserName, _options.Password ?? "", ct);
            }

            await client.SendAsync(message, ct);
            await client.DisconnectAsync(quit: true, ct);
            return DeliveryResult.Delivered;
        }
        catch (AuthenticationException ex)
        {
            return DeliveryResult.Permanent($"SMTP authentication failed: {Describe(ex.Message)}");
        }
        catch (SmtpCommandException ex)
        {
            // SMTP (RFC 5321) defines 4xx replies as temporary failures and 5xx replies as permanent ones.
            var error = $"SMTP server rejected the message with {(int)ex.StatusCode} ({ex.ErrorCode}): {Describe(ex.Message)}";
            return (int)ex.StatusCode is >= 400 and < 500
                ? DeliveryResult.Transient(error)
                : DeliveryResult.Permanent(error);
        }
        catch (SslHandshakeException)
        {
            return DeliveryResult.Permanent("SMTP TLS handshake failed: check the Security setting and the server certificate.");
        }
        catch (NotSupportedException ex)
        {
            // Raised when StartTls is required but the server does not offer it, or an option cannot apply.
            return DeliveryResult.Permanent($"SMTP connection is not possible with these settings: {Describe(ex.Message)}");
        }
        catch (Exception ex) when (ex is SmtpProtocolException or SocketException or IOException or ServiceNotConnectedException)
        {
            return DeliveryResult.Transient($"SMTP connection failed: {ex.GetType().Name}.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return DeliveryResult.Transient("SMTP delivery timed out.");
        }
        catch (TimeoutException)
        {
            return DeliveryResult.Transient("SMTP delivery timed out.");
        }
    }

    private MimeMessage BuildMessage(IncidentNotification notification)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(_options.From!));
        foreach (var to in _options.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        // A subject must be one line, but a custom subject template or a title may contain line breaks.
        message.Subject = NotificationTemplates.Render(_subject, notification).ReplaceLineEndings(" ");
        message.Body = new TextPart("plain") { Text = _templates.Render(Kind, notification) };

        // Lets mail filters and scripts group the events of one incident.
        message.Headers.Add("X-OrleansAgent-Incident", notification.IncidentId);
        return message;
    }

    private bool IsTrustedCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // Only chain problems may be overridden by the pinned fingerprint; a name mismatch still fails.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        var expected = Convert.FromHexString(_options.ServerCertificateSha256!.Replace(":", "", StringComparison.Ordinal));
        var actual = certificate.GetCertHash(HashAlgorithmName.SHA256);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private string Describe(string text) => _scrubber.Scrub(text).ReplaceLineEndings(" ");

    private static SecureSocketOptions ToSocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        _ => SecureSocketOptions.StartTls,
    };
}
