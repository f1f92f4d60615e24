using OrleansAgent.Grains.Engine.Redaction;

namespace OrleansAgent.Tests.Engine.Redaction;

public sealed class RedactorCanaryTests
{
    private const string AwsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    // Each case: input line, the secret that must disappear, the placeholder that must appear.
    public static TheoryData<string, string, string> Canaries => new()
    {
        { "user alice.smith+ops@example.co.uk logged in", "alice.smith+ops@example.co.uk", "<EMAIL>" },
        { "session eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ok", "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "<JWT>" },
        { "unsigned eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9. accepted", "eyJzdWIiOiJhZG1pbiJ9", "<JWT>" },
        { "Authorization: Bearer abcDEF123ghiJKL456", "abcDEF123ghiJKL456", "<SECRET>" },
        { "{\"authorization\":\"Bearer opaqueOnlyLetters\"}", "opaqueOnlyLetters", "<SECRET>" },
        { "Authorization: Basic dXNlcjpodW50ZXIy", "dXNlcjpodW50ZXIy", "<SECRET>" },
        { "forwarding header Basic dXNlcjpodW50ZXIy upstream", "dXNlcjpodW50ZXIy", "<SECRET>" },
        { "upstream sent bearer mF_9.B5f-4.1JqM", "mF_9.B5f-4.1JqM", "<SECRET>" },
        { "key AKIAIOSFODNN7EXAMPLE used", "AKIAIOSFODNN7EXAMPLE", "<AWS_ACCESS_KEY_ID>" },
        { "temporary key=ASIAY34FZKBOKMUTVV7A", "ASIAY34FZKBOKMUTVV7A", "<AWS_ACCESS_KEY_ID>" },
        { $"aws_secret_access_key={AwsSecret}", AwsSecret, "<AWS_SECRET_KEY>" },
        { $"aws_secret_access_key    {AwsSecret}", AwsSecret, "<AWS_SECRET_KEY>" },
        { $"{{\"SecretAccessKey\": \"{AwsSecret}\"}}", AwsSecret, "<AWS_SECRET_KEY>" },
        { "login password=Hunter2Canary ok", "Hunter2Canary", "<SECRET>" },
        { "login passwd: Hunter2Canary", "Hunter2Canary", "<SECRET>" },
        { "db pwd=Hunter2Canary", "Hunter2Canary", "<SECRET>" },
        { "auth token=Tok3nCanary expires=60", "Tok3nCanary", "<SECRET>" },
        { "client_secret: S3cretCanary", "S3cretCanary", "<SECRET>" },
        { "api_key=Ap1KeyCanary", "Ap1KeyCanary", "<SECRET>" },
        { "X-Api-Key: Ap1KeyCanary", "Ap1KeyCanary", "<SECRET>" },
        { "apikey = 'Ap1KeyCanary'", "Ap1KeyCanary", "<SECRET>" },
        { "refresh access_token=Acc3ssCanary&scope=read", "Acc3ssCanary", "<SECRET>" },
        { "{\"user\":\"bob\",\"password\":\"Hunter2 Canary\"}", "Hunter2 Canary", "<SECRET>" },
        { "{\"password\": \"quote\\\"inside Canary\"}", "inside Canary", "<SECRET>" },
        { "payload={\\\"password\\\":\\\"EscapedCanary\\\"}", "EscapedCanary", "<SECRET>" },
        { "GET /reset?token=Qu3ryCanary&next=/home HTTP/1.1", "Qu3ryCanary", "<SECRET>" },
        { "GET /cb?code=1&client_secret=Qu3ryCanary", "Qu3ryCanary", "<SECRET>" },
        { "db.password: \"YamlCanary\"", "YamlCanary", "<SECRET>" },
        { "connecting to https://admin:Ur1Canary@db.internal/path", "Ur1Canary", "<SECRET>" },
        { "cache redis://:R3disCanary@cache:6379/0", "R3disCanary", "<SECRET>" },
        { "clone https://ghp_TokenAsUserName0123456789@git.example.org/repo.git", "ghp_TokenAsUserName0123456789", "<SECRET>" },
        { "Server=db;User Id=sa;Password=C0nnCanary;Encrypt=true", "C0nnCanary", "<SECRET>" },
        { "Server=db;Uid=sa;Pwd=C0nnCanary;", "C0nnCanary", "<SECRET>" },
        { "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Az+Key/Canary==;", "Az+Key/Canary==", "<SECRET>" },
        { "key -----BEGIN RSA PRIVATE KEY-----MIIEpAIBAAKCAQEAPemCanary-----END RSA PRIVATE KEY----- loaded", "MIIEpAIBAAKCAQEAPemCanary", "<PRIVATE_KEY>" },
        { "key -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANPemCanary\nAAAA\n-----END PRIVATE KEY-----\nnext line", "MIIEvQIBADANPemCanary", "<PRIVATE_KEY>" },
        { "{\"key\":\"-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEPemCanary\\n-----END EC PRIVATE KEY-----\\n\"}", "MHcCAQEEPemCanary", "<PRIVATE_KEY>" },
        { "truncated -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaPemCanary", "b3BlbnNzaPemCanary", "<PRIVATE_KEY>" },
        { "charged card 4111 1111 1111 1111 amount=10", "4111 1111 1111 1111", "<CARD>" },
        { "charged card 5500-0000-0000-0004 ok", "5500-0000-0000-0004", "<CARD>" },
        { "pan=378282246310005;", "378282246310005", "<CARD>" },
        { "card 4111111111111111.", "4111111111111111", "<CARD>" },
        { "ref 4111 4111 1111 1111 1111 end", "4111 1111 1111 1111", "<CARD>" },
        { "glued Z4111111111111111 end", "4111111111111111", "<CARD>" },
        { "-----BEGIN PRIVATE KEY-----a-----END X-----BEGIN PRIVATE KEY-----\nSharedCanary\n-----END PRIVATE KEY-----", "SharedCanary", "<PRIVATE_KEY>" },
    };

    [Theory]
    [MemberData(nameof(Canaries))]
    public void RedactRemovesCanary(string line, string canary, string placeholder)
    {
        var redacted = Redactor.Default.Redact(line);

        Assert.DoesNotContain(canary, redacted, StringComparison.Ordinal);
        Assert.Contains(placeholder, redacted, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Canaries))]
    public void RedactWithDetailsNeverListsCanary(string line, string canary, string placeholder)
    {
        var result = Redactor.Default.RedactWithDetails(line);

        Assert.DoesNotContain(canary, result.Text, StringComparison.Ordinal);
        Assert.Contains(result.Counts, c => c.Placeholder == placeholder && c.Count >= 1);
        Assert.DoesNotContain(result.Counts, c => c.Placeholder.Contains(canary, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Authorization: Bearer abcDEF123ghiJKL456", "Authorization: Bearer <SECRET>")]
    [InlineData("Authorization: Basic dXNlcjpodW50ZXIy", "Authorization: Basic <SECRET>")]
    [InlineData("https://admin:pw123@db.internal/x", "https://admin:<SECRET>@db.internal/x")]
    [InlineData("redis://:pw123@cache:6379", "redis://:<SECRET>@cache:6379")]
    [InlineData("Server=db;Password=pw123;Encrypt=true", "Server=db;Password=<SECRET>;Encrypt=true")]
    [InlineData("{\"password\":\"pw123\",\"user\":\"x\"}", "{\"password\":\"<SECRET>\",\"user\":\"x\"}")]
    [InlineData("GET /a?token=t0k&page=2", "GET /a?token=<SECRET>&page=2")]
    [InlineData("password: pw123 next", "password: <SECRET> next")]
    [InlineData("a -----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY----- b", "a <PRIVATE_KEY> b")]
    [InlineData("mail bob@example.com.", "mail <EMAIL>.")]
    [InlineData("id AKIAIOSFODNN7EXAMPLE", "id <AWS_ACCESS_KEY_ID>")]
    public void RedactKeepsContextAroundSecret(string line, string expected)
    {
        var redacted = Redactor.Default.Redact(line);

        Assert.Equal(expected, redacted);
    }

    [Fact]
    public void RedactWithDetailsCountsEachKind()
    {
        var line = "a@example.com b@example.com password=x1 AKIAIOSFODNN7EXAMPLE";

        var result = Redactor.Default.RedactWithDetails(line);

        Assert.Equal(
            [new RedactionCount("<SECRET>", 1), new RedactionCount("<AWS_ACCESS_KEY_ID>", 1), new RedactionCount("<EMAIL>", 2)],
            result.Counts);
    }

    [Fact]
    public void RedactIsIdempotent()
    {
        var once = Redactor.Default.Redact("password=x1 token=<SECRET> https://u:p4ss@h.example.com mail a@b.example.com");

        var twice = Redactor.Default.Redact(once);

        Assert.Same(once, twice);
    }
}
