using System.Net;
using Microsoft.Extensions.Configuration;

namespace OrleansAgent.AdminApi.Security;

/// <summary>Refuses to start an API without keys on an address other machines can reach.</summary>
public static class ApiBindingGuard
{
    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> when no API key is configured and <c>Urls</c>,
    /// <c>HTTP_PORTS</c>/<c>HTTPS_PORTS</c> or a <c>Kestrel:Endpoints</c> URL binds a non-loopback address.
    /// </summary>
    public static void Check(IConfiguration configuration)
    {
        var keys = configuration.GetSection(ApiOptions.SectionName + ":Keys").GetChildren().Any();
        if (keys)
        {
            return;
        }

        foreach (var (setting, url) in ConfiguredUrls(configuration))
        {
            if (!IsLoopbackUrl(url))
            {
                throw new InvalidOperationException(
                    $"The admin API would listen on '{url}' (from {setting}) without any API key. Either configure keys in "
                    + $"{ApiOptions.SectionName}:Keys (Name, Key or KeyHash, Role) or bind to a loopback address such as http://127.0.0.1:5080.");
            }
        }
    }

    /// <summary>True when <paramref name="url"/> names localhost or a loopback IP address.</summary>
    public static bool IsLoopbackUrl(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd < 0 ? url : url[(schemeEnd + 3)..];
        var hostEnd = rest.StartsWith('[') ? rest.IndexOf(']') + 1 : rest.IndexOfAny([':', '/']);
        var host = (hostEnd <= 0 ? rest : rest[..hostEnd]).Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }

    private static IEnumerable<(string Setting, string Url)> ConfiguredUrls(IConfiguration configuration)
    {
        foreach (var url in Split(configuration["urls"]))
        {
            yield return ("Urls", url);
        }

        // Ports alone bind every address.
        foreach (var setting in new[] { "http_ports", "https_ports" })
        {
            foreach (var port in Split(configuration[setting]))
            {
                yield return (setting.ToUpperInvariant(), "http://*:" + port);
            }
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                yield return ($"Kestrel:Endpoints:{endpoint.Key}:Url", url);
            }
        }
    }

    private static string[] Split(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
