namespace OrleansAgent.Tests.EndToEnd;

/// <summary>
/// Canary secrets in every form the redactor supports, each inside a log message. The secret part of each
/// canary must never appear anywhere the agent writes.
/// </summary>
public static class CanarySecrets
{
    /// <summary>(message that carries the canary, the canary value that must not leak).</summary>
    public static readonly IReadOnlyList<(string Message, string Secret)> Forms =
    [
        ("Password reset mail sent to canary.person@mail-canary.example", "canary.person@mail-canary.example"),
        ("Session token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjYW5hcnktand0In0.Q2FuYXJ5U2lnbmF0dXJlMDEyMzQ1Njc4OQ rejected",
            "Q2FuYXJ5U2lnbmF0dXJlMDEyMzQ1Njc4OQ"),
        ("Upstream call failed with header Authorization: Bearer CanaryBearer0123456789abcdef", "CanaryBearer0123456789abcdef"),
        ("Proxy login failed with Authorization: Basic Q2FuYXJ5QmFzaWM6Y2FuYXJ5cHc=", "Q2FuYXJ5QmFzaWM6Y2FuYXJ5cHc="),
        ("S3 upload denied for access key AKIACANARYKEY0123456", "AKIACANARYKEY0123456"),
        ("Loaded aws_secret_access_key=CanaryAwsSecret0123456789abcdefghijKLMNO from profile", "CanaryAwsSecret0123456789abcdefghijKLMNO"),
        ("Login failed for user bob password=CanaryPassword1 after 3 attempts", "CanaryPassword1"),
        ("Refresh response {\"user\":\"bob\",\"token\":\"CanaryJsonToken2\"} could not be parsed", "CanaryJsonToken2"),
        ("Callback GET https://api.partner.example/cb?api_key=CanaryQueryKey3&order=42 returned 500", "CanaryQueryKey3"),
        ("Vault lookup returned secret: CanaryColonSecret4 for path kv/app", "CanaryColonSecret4"),
        ("Connecting to postgres://svc:CanaryUrlPassword5@db.internal:5432/app failed", "CanaryUrlPassword5"),
        ("Opening Server=db;User Id=sa;Password=CanaryConnPassword6;Database=orders timed out", "CanaryConnPassword6"),
        ("Card 4111111111111111 declined by issuer", "4111111111111111"),
    ];

    /// <summary>A private key body line; the PEM block spans several lines of one multi-line event.</summary>
    public const string PemBody = "MIIEowIBAAKCAQEAcanaryPemBody7xQwErTyUiOpAsDfGhJkLzXcVbNm0123456789";

    public static IEnumerable<string> AllSecrets => Forms.Select(form => form.Secret).Append(PemBody);

    /// <summary>Writes each canary form as an ERROR line of the auth service, plus one multi-line PEM event.</summary>
    public static IEnumerable<string> Lines(DateTimeOffset time)
    {
        foreach (var (message, _) in Forms)
        {
            time = time.AddSeconds(1);
            yield return $"{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} ERROR [auth] {message}";
        }

        time = time.AddSeconds(1);
        yield return $"{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} ERROR [auth] Loaded signing key from config:";
        yield return "-----BEGIN RSA PRIVATE KEY-----";
        yield return PemBody;
        yield return "-----END RSA PRIVATE KEY-----";
    }
}
