using System.Text;
using OrleansAgent.Grains.Engine.Redaction;

namespace OrleansAgent.Tests.Engine.Redaction;

public sealed class RedactorRobustnessTests
{
    private const int OneMegabyte = 1 << 20;

    public static TheoryData<string> AdversarialUnits => new()
    {
        "a", "a@", "@a.", "eyJ", "eyJaaaaaaaaaaaa.", "://", "://a:b", "bearer ", "Basic ", "password",
        "password=", "token:", "AKIA", "2 ", "4-", "-----BEGIN ", "\"password\":\"", "\uFFFD",
        "Bearer 12345678 ", "Authorization: ", "https://u@", "\\\"password\\\":\\\"", "-----BEGIN RSA PRIVATE KEY-----",
        "password=\"", "x@y.example.com ", "4111111111111111 ", "aws_secret_access_key ", "pwd",
    };

    [Theory]
    [MemberData(nameof(AdversarialUnits))]
    public void RedactHandlesMegabyteOfRepeatedUnit(string unit)
    {
        var line = Repeat(unit, OneMegabyte) + " password=MegabyteCanary";

        var redacted = Redactor.Default.Redact(line);

        Assert.DoesNotContain("MegabyteCanary", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void RedactFindsSecretAtEndOfMegabyteLine()
    {
        var line = Repeat("x", OneMegabyte) + " token=EndCanary";

        var redacted = Redactor.Default.Redact(line);

        Assert.EndsWith(" token=<SECRET>", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void RedactHandlesInvalidUtf8ReplacementCharacters()
    {
        var bytes = Encoding.UTF8.GetBytes("user=x password=Utf8Canary mail=")
            .Concat(new byte[] { 0xFF, 0xFE, 0xC3, 0x28 })
            .Concat(Encoding.UTF8.GetBytes("@example.com "))
            .Concat(new byte[] { 0xED, 0xA0, 0x80 })
            .Concat(Encoding.UTF8.GetBytes(" end"))
            .ToArray();
        var line = Encoding.UTF8.GetString(bytes);

        var redacted = Redactor.Default.Redact(line);

        Assert.DoesNotContain("Utf8Canary", redacted, StringComparison.Ordinal);
        Assert.Contains('\uFFFD', redacted);
    }

    [Fact]
    public void RedactHandlesLoneSurrogatesAndControlCharacters()
    {
        var line = "\uD800 password=\u0000Ctrl\uDC00Canary\u0007 end";

        var redacted = Redactor.Default.Redact(line);

        Assert.DoesNotContain("Canary", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice@example.comalice@example.com", "<EMAIL>@example.com")]
    [InlineData("ops+pager@mail.example.orgops+pager@mail.example.org", "<EMAIL><EMAIL>")]
    public void RedactHandlesEmailsWithoutSpaceBetween(string line, string expected)
    {
        var redacted = Redactor.Default.Redact(line);

        Assert.Equal(expected, redacted);
    }

    [Fact]
    public void RedactHandlesEmptyString()
    {
        var redacted = Redactor.Default.Redact("");

        Assert.Equal("", redacted);
    }

    [Fact]
    public void RedactRejectsNull()
    {
        Assert.Throws<ArgumentNullException>(() => Redactor.Default.Redact(null!));
    }

    private static string Repeat(string unit, int length)
    {
        var builder = new StringBuilder(length + unit.Length);
        while (builder.Length < length)
        {
            builder.Append(unit);
        }

        return builder.ToString();
    }
}
