using OrleansAgent.Grains.Engine.Redaction;

namespace OrleansAgent.Tests.Engine.Redaction;

public sealed class RedactorNearMissTests
{
    [Theory]
    [InlineData("password_reset_requested user=42")]
    [InlineData("token bucket size=5")]
    [InlineData("max_tokens=100 model=small")]
    [InlineData("token_count: 17")]
    [InlineData("secret_name=db-credentials rotated")]
    [InlineData("Password changed for user=42")]
    [InlineData("GET /api/token/refresh 200 12ms")]
    [InlineData("basic auth failed for request 42")]
    [InlineData("Bearer token missing in request")]
    [InlineData("Authorization header rejected: Bearer")]
    [InlineData("password=")]
    [InlineData("epoch_ms=1700000000123 took 5ms")]
    [InlineData("order 4111111111111112 shipped")]
    [InlineData("uuid 550e8400-e29b-41d4-a716-446655440000 done")]
    [InlineData("trace 0123456789abcdef0123456789abcdef")]
    [InlineData("timezone Asia/Tokyo offset=+09:00")]
    [InlineData("Object@1a2b3c4d finalized")]
    [InlineData("sent to @channel at 12:00")]
    [InlineData("user@localhost denied")]
    [InlineData("-----BEGIN CERTIFICATE-----MIIB-----END CERTIFICATE-----")]
    [InlineData("see https://example.com/docs?page=2")]
    [InlineData("ssh://deploy-host:22/srv")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9 alone is only a header")]
    [InlineData("AKIAIOSFODNN7EXAMPL short key id")]
    [InlineData("2024-01-02 12:00:00.123 INFO worker-3 processed 1234 items in 56 ms status=200")]
    public void RedactLeavesNearMissUnchanged(string line)
    {
        var redacted = Redactor.Default.Redact(line);

        Assert.Same(line, redacted);
    }

    [Fact]
    public void RedactReturnsSameInstanceWithoutSecrets()
    {
        var line = "GET /health 200 1ms";

        var redacted = Redactor.Default.Redact(line);

        Assert.Same(line, redacted);
    }

    [Fact]
    public void RedactWithDetailsReportsNoCountsWithoutSecrets()
    {
        var result = Redactor.Default.RedactWithDetails("GET /health 200 1ms");

        Assert.Empty(result.Counts);
        Assert.False(result.Redacted);
    }
}
