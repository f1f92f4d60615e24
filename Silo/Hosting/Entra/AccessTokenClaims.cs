using System.Buffers.Text;
using System.Text.Json;

namespace OrleansAgent.Silo.Hosting.Entra;

/// <summary>Reads claims from the payload of a JWT access token without checking its signature.</summary>
/// <remarks>
/// The token comes straight from the identity platform and is only passed on to Redis, which validates it. The
/// claims read here only name the Redis user, so no signature check is needed.
/// </remarks>
public static class AccessTokenClaims
{
    /// <summary>The claim that contains the object id of the identity the token was issued to.</summary>
    public const string ObjectIdClaim = "oid";

    /// <summary>
    /// Returns the <c>oid</c> claim of <paramref name="token"/>, or <c>null</c> when the token is not a JWT
    /// (three base64url parts separated by dots) or has no non-empty string <c>oid</c> claim.
    /// </summary>
    public static string? ReadObjectId(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || !Base64Url.IsValid(parts[1]))
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.ValueKind == JsonValueKind.Object
                && payload.RootElement.TryGetProperty(ObjectIdClaim, out var objectId)
                && objectId.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(objectId.GetString())
                    ? objectId.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
