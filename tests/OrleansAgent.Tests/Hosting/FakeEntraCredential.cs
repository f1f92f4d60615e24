using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Core;
using Azure.Identity;

namespace OrleansAgent.Tests.Hosting;

/// <summary>
/// Stands in for the Microsoft identity platform: issues unsigned JWT-shaped access tokens with an <c>oid</c> and an
/// <c>exp</c> claim, each one new. A callback registers each token with the Redis server, as Azure does for its caches.
/// </summary>
/// <param name="onIssued">
/// Runs with the token's object id (<c>null</c> when it has none) and the token before the token is returned, for
/// example to make the token the user's only Redis password.
/// </param>
public sealed class FakeEntraCredential(Func<string?, string, Task>? onIssued = null) : TokenCredential
{
    private readonly ConcurrentQueue<string> _issued = new();
    private int _requests;
    private int _failuresLeft;

    /// <summary>The object id put into the next tokens; <c>null</c> leaves the <c>oid</c> claim out.</summary>
    public string? ObjectId { get; set; } = Guid.NewGuid().ToString();

    /// <summary>How long the next tokens live. Default: 1 hour.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Every token issued so far, oldest first.</summary>
    public IReadOnlyCollection<string> IssuedTokens => _issued;

    /// <summary>The most recent token.</summary>
    public string LastToken => _issued.Last();

    /// <summary>Token requests so far, failed ones included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The scopes of the most recent request.</summary>
    public IReadOnlyList<string> LastScopes { get; private set; } = [];

    /// <summary>Makes the next <paramref name="count"/> requests fail as an unreachable identity endpoint does.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failuresLeft, count);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        LastScopes = requestContext.Scopes;
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new CredentialUnavailableException("ManagedIdentityCredential authentication unavailable. The test identity endpoint is down.");
        }

        var expiresOn = DateTimeOffset.UtcNow + Lifetime;
        var objectId = ObjectId;
        var token = Create(objectId, expiresOn);
        if (onIssued is not null)
        {
            await onIssued(objectId, token);
        }

        _issued.Enqueue(token);
        return new AccessToken(token, expiresOn);
    }

    private static string Create(string? objectId, DateTimeOffset expiresOn)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["alg"] = "none", ["typ"] = "JWT" });
        var claims = new Dictionary<string, object>
        {
            ["aud"] = "https://redis.azure.com",
            ["exp"] = expiresOn.ToUnixTimeSeconds(),
            ["uti"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)),
        };
        if (objectId is not null)
        {
            claims[Silo.Hosting.Entra.AccessTokenClaims.ObjectIdClaim] = objectId;
        }

        var payload = JsonSerializer.SerializeToUtf8Bytes(claims);
        return $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";
    }
}
