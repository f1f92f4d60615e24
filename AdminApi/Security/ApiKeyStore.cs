using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OrleansAgent.AdminApi.Security;

/// <summary>
/// The configured keys as SHA-256 digests. A presented key is hashed and compared with every digest in constant
/// time, so neither the comparison nor the position of the match tells an attacker anything.
/// </summary>
public sealed class ApiKeyStore
{
    private readonly ApiKeyEntry[] _entries;

    public ApiKeyStore(IOptions<ApiOptions> options)
    {
        _entries = [.. options.Value.Keys.Select(ToEntry)];
    }

    /// <summary>True when at least one key is configured.</summary>
    public bool HasKeys => _entries.Length > 0;

    /// <summary>Returns the entry whose key is <paramref name="presented"/>, or <c>null</c>.</summary>
    public ApiKeyEntry? Find(string presented)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        ApiKeyEntry? found = null;
        foreach (var entry in _entries)
        {
            // No early exit: every digest is compared whatever matched.
            if (CryptographicOperations.FixedTimeEquals(digest, entry.Digest))
            {
                found ??= entry;
            }
        }

        return found;
    }

    /// <summary>Returns the problems of <paramref name="keys"/>, naming the setting of each; empty when valid.</summary>
    public static List<string> Validate(IReadOnlyList<ApiKeyOptions> keys)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < keys.Count; index++)
        {
            var key = keys[index];
            var setting = $"{ApiOptions.SectionName}:Keys:{index}";
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                errors.Add($"{setting}:Name is empty; give every key a name for the audit log.");
            }
            else if (!names.Add(key.Name))
            {
                errors.Add($"{setting}:Name '{key.Name}' is used by another key; names must be unique.");
            }

            if (ApiRoles.Granted(NormalizeRole(key.Role)).Count == 0)
            {
                errors.Add($"{setting}:Role is '{key.Role}'; use viewer, operator or admin.");
            }

            var hasKey = !string.IsNullOrEmpty(key.Key);
            var hasHash = !string.IsNullOrEmpty(key.KeyHash);
            if (hasKey == hasHash)
            {
                errors.Add($"{setting}: set exactly one of Key and KeyHash.");
            }
            else if (hasKey && key.Key!.Length < MinKeyLength)
            {
                errors.Add($"{setting}:Key is shorter than {MinKeyLength} characters; use a long random key.");
            }
            else if (hasHash && !IsSha256Hex(key.KeyHash!))
            {
                errors.Add($"{setting}:KeyHash must be 64 hex digits (the SHA-256 of the UTF-8 key).");
            }
        }

        return errors;
    }

    /// <summary>The shortest accepted plain key.</summary>
    public const int MinKeyLength = 16;

    private static string NormalizeRole(string? role) => (role ?? "").Trim().ToLowerInvariant();

    private static bool IsSha256Hex(string text) => text.Length == SHA256.HashSizeInBytes * 2 && text.All(Uri.IsHexDigit);

    private static ApiKeyEntry ToEntry(ApiKeyOptions key)
    {
        var digest = string.IsNullOrEmpty(key.KeyHash)
            ? SHA256.HashData(Encoding.UTF8.GetBytes(key.Key!))
            : Convert.FromHexString(key.KeyHash);
        return new ApiKeyEntry(key.Name!, NormalizeRole(key.Role), digest);
    }
}

/// <summary>A configured key: its name, role and SHA-256 digest.</summary>
public sealed record ApiKeyEntry(string Name, string Role, byte[] Digest);
