using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace OrleansAgent.Grains.Sources.CloudWatch;

/// <summary>Signs a request with AWS Signature Version 4, using the signer of AWSSDK.Core for every
/// canonicalization and HMAC step. It derives from <see cref="AWS4Signer"/> only to reach the protected
/// canonicalization helpers.</summary>
internal sealed class AwsRequestSigner : AWS4Signer
{
    private AwsRequestSigner()
    {
    }

    /// <summary>Returns the headers to send: <paramref name="headers"/> plus <c>Host</c>, <c>X-Amz-Date</c>, the
    /// session token when there is one, and <c>Authorization</c>.</summary>
    public static Dictionary<string, string> Sign(
        string method,
        Uri uri,
        IReadOnlyDictionary<string, string> headers,
        byte[] body,
        ImmutableCredentials credentials,
        string region,
        string service,
        DateTime signedAtUtc)
    {
        var signed = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        if (credentials.UseToken)
        {
            signed["X-Amz-Security-Token"] = credentials.Token;
        }

        AWS4Signer.InitializeHeaders(signed, uri, signedAtUtc);
        var sorted = AWS4Signer.SortAndPruneHeaders(signed);
        var bodyHash = Convert.ToHexStringLower(AWS4Signer.ComputeHash(body));
        var canonicalRequest = AWS4Signer.CanonicalizeRequest(uri, "", method, sorted, "", bodyHash);
        var signedHeaders = AWS4Signer.CanonicalizeHeaderNames(sorted);
        var result = AWS4Signer.ComputeSignature(credentials, region, signedAtUtc, service, signedHeaders, canonicalRequest);
        signed["Authorization"] = result.ForAuthorizationHeader;
        return signed;
    }
}
