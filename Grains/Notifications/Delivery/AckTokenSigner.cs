using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Notifications.Configuration;

namespace OrleansAgent.Grains.Notifications.Delivery;

/// <summary>
/// Creates and checks the tokens of acknowledge links: <c>base64url(incidentId "\n" expiresUnixSeconds)</c>
/// "." <c>base64url(HMAC-SHA256(key, payload))</c>.
/// </summary>
public sealed partial class AckTokenSigner
{
    /// <summary>The smallest accepted key, in bytes (the HMAC-SHA256 output size).</summary>
    public const int MinKeyBytes = 32;

    // Incident ids are short, and the bound stops a forged token from making the signer hash megabytes.
    private const int MaxTokenChars = 2048;

    private readonly byte[] _key;

    public AckTokenSigner(IOptions<NotificationOptions> options, ILogger<AckTokenSigner> logger)
    {
        var configured = options.Value.AckTokenKey;
        if (string.IsNullOrWhiteSpace(configured))
        {
            _key = RandomNumberGenerator.GetBytes(MinKeyBytes);
            LogGeneratedKey(logger, NotificationOptions.SectionName + ":AckTokenKey");
        }
        else
        {
            _key = DecodeKey(configured);
        }
    }

    /// <summary>Creates a signer with a raw key of at least <see cref="MinKeyBytes"/> bytes.</summary>
    public AckTokenSigner(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"The acknowledge token key has {key.Length} bytes: use at least {MinKeyBytes}.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>Decodes a base64 key, throwing when it is malformed or shorter than <see cref="MinKeyBytes"/>.</summary>
    /// <exception cref="FormatException">The key is not base64 or too short.</exception>
    public static byte[] DecodeKey(string base64Key)
    {
        var key = Convert.FromBase64String(base64Key);
        if (key.Length < MinKeyBytes)
        {
            throw new FormatException($"The acknowledge token key decodes to {key.Length} bytes: use at least {MinKeyBytes}.");
        }

        return key;
    }

    /// <summary>Creates a token for <paramref name="incidentId"/> valid until <paramref name="expiresAt"/>.</summary>
    public string CreateToken(string incidentId, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(incidentId);
        if (incidentId.Contains('\n'))
        {
            throw new ArgumentException("An incident id must not contain a line feed.", nameof(incidentId));
        }

        var payload = Encoding.UTF8.GetBytes(incidentId + "\n" + expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        var signature = HMACSHA256.HashData(_key, payload);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>
    /// Returns true and the incident id when <paramref name="token"/> was signed with this key and has not
    /// expired at <paramref name="now"/>. Any malformed, tampered or expired token returns false.
    /// </summary>
    public bool TryValidate(string token, DateTimeOffset now, out string incidentId)
    {
        incidentId = "";
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenChars)
        {
            return false;
        }

        var dot = token.IndexOf('.');
        if (dot <= 0 || dot == token.Length - 1)
        {
            return false;
        }

        byte[] payload;
        byte[] signature;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return false;
        }

        // Compare the signature before parsing anything from the payload.
        var expected = HMACSHA256.HashData(_key, payload);
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(payload);
        var newline = text.LastIndexOf('\n');
        if (newline <= 0
            || !long.TryParse(text.AsSpan(newline + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var expiresUnix)
            || now.ToUnixTimeSeconds() >= expiresUnix)
        {
            return false;
        }

        incidentId = text[..newline];
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Setting} is not set: acknowledge links use a random key that changes on restart and is valid only on this silo")]
    private static partial void LogGeneratedKey(ILogger logger, string setting);
}
