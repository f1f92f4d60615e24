namespace OrleansAgent.Grains.Notifications.Channels;

/// <summary>Replaces configured secrets (tokens, keys, webhook URLs) in text taken from service responses.</summary>
internal sealed class SecretScrubber
{
    private const string Mask = "***";

    // Short values would match ordinary words, and configured secrets are much longer.
    private const int MinSecretLength = 6;

    private readonly string[] _secrets;

    public SecretScrubber(IEnumerable<string?> secrets)
    {
        // Longest first, so a URL that contains a token is masked whole.
        _secrets = secrets
            .Where(s => s is { Length: >= MinSecretLength })
            .Select(s => s!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    public string Scrub(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.OrdinalIgnoreCase);
        }

        return text;
    }
}
