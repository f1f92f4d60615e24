using System.Text.RegularExpressions;
using OrleansAgent.Grains.Analysis;

namespace OrleansAgent.Tests.Analysis;

/// <summary>
/// A test stand-in for the project redactor that masks the canary kinds these tests plant: AWS access key ids,
/// <c>password=</c> values, JWTs, e-mail addresses and bearer tokens.
/// </summary>
/// <remarks>NOTE: replace with the engine's redactor once it is available to these tests.</remarks>
internal sealed partial class CanaryRedactor : IPromptRedactor
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public string Redact(string text)
    {
        Interlocked.Increment(ref _calls);
        text = AwsKey().Replace(text, "<aws-key>");
        text = Password().Replace(text, "$1=<secret>");
        text = Jwt().Replace(text, "<jwt>");
        text = Bearer().Replace(text, "Bearer <token>");
        return Email().Replace(text, "<email>");
    }

    [GeneratedRegex(@"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b")]
    private static partial Regex AwsKey();

    [GeneratedRegex(@"\b(password|passwd|pwd)=[^\s""&,]+", RegexOptions.IgnoreCase)]
    private static partial Regex Password();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"\bBearer\s+[A-Za-z0-9._~+/=-]+", RegexOptions.IgnoreCase)]
    private static partial Regex Bearer();

    [GeneratedRegex(@"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")]
    private static partial Regex Email();
}
