using MimeKit;

namespace OrleansAgent.Grains.Notifications.Configuration;

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text. Use only for a relay on the same host or network.</summary>
    None = 0,

    /// <summary>Upgrade with STARTTLS, and fail when the server does not offer it (usually port 587).</summary>
    StartTls = 1,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect = 2,

    /// <summary>Upgrade with STARTTLS when the server offers it, otherwise stay in plain text.</summary>
    StartTlsWhenAvailable = 3,
}

/// <summary>Settings of an email channel sending through an SMTP server.</summary>
public sealed class EmailChannelOptions : ChannelOptions
{
    /// <summary>The SMTP server host name. Required. Default: unset.</summary>
    public string? Host { get; set; }

    /// <summary>The SMTP server port. Default: 587.</summary>
    public int Port { get; set; } = 587;

    /// <summary>How the connection is secured. Default: <see cref="SmtpSecurity.StartTls"/>.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>The user name for SMTP authentication. Default: unset (no authentication).</summary>
    public string? UserName { get; set; }

    /// <summary>The password for SMTP authentication. Required with <see cref="UserName"/>. Default: unset.</summary>
    public string? Password { get; set; }

    /// <summary>The sender address, optionally with a display name (<c>Agent &lt;agent@example.com&gt;</c>). Required. Default: unset.</summary>
    public string? From { get; set; }

    /// <summary>The recipient addresses. At least one is required. Default: empty.</summary>
    public List<string> To { get; set; } = [];

    /// <summary>
    /// The SHA-256 fingerprint (64 hex digits) of a server certificate to trust even when its chain does not
    /// validate, for a relay with a self-signed certificate. Default: unset (standard validation only).
    /// </summary>
    public string? ServerCertificateSha256 { get; set; }

    /// <summary>
    /// The subject line as a Liquid template with the same variables as the body. Default:
    /// <c>[{{ severity }}] {{ kind }}: {{ title }}</c>.
    /// </summary>
    public string Subject { get; set; } = "[{{ severity }}] {{ kind }}: {{ title }}";

    public override void Validate(string path, List<string> errors)
    {
        RequireValue(Host, $"{path}:Host", errors, "the SMTP server host name");
        if (Port is < 1 or > 65535)
        {
            errors.Add($"{path}:Port is {Port}: use a port from 1 to 65535.");
        }

        if (!string.IsNullOrEmpty(UserName) && string.IsNullOrEmpty(Password))
        {
            errors.Add($"{path}:Password is missing: set it when {path}:UserName is set.");
        }

        RequireValue(From, $"{path}:From", errors, "the sender address");
        if (!string.IsNullOrWhiteSpace(From) && !MailboxAddress.TryParse(From, out _))
        {
            errors.Add($"{path}:From is not a valid email address: use 'name@example.com' or 'Name <name@example.com>'.");
        }

        if (To.Count == 0)
        {
            errors.Add($"{path}:To is empty: add at least one recipient address.");
        }

        for (var i = 0; i < To.Count; i++)
        {
            if (!MailboxAddress.TryParse(To[i], out _))
            {
                errors.Add($"{path}:To:{i} is not a valid email address: use 'name@example.com'.");
            }
        }

        RequireValue(Subject, $"{path}:Subject", errors, "a subject template");
        if (!string.IsNullOrEmpty(ServerCertificateSha256)
            && (ServerCertificateSha256.Replace(":", "", StringComparison.Ordinal).Length != 64 || !ServerCertificateSha256.Replace(":", "", StringComparison.Ordinal).All(char.IsAsciiHexDigit)))
        {
            errors.Add($"{path}:ServerCertificateSha256 is not 64 hex digits: copy the SHA-256 fingerprint of the server certificate.");
        }
    }

    public override IEnumerable<string?> Secrets() => [Password];
}
