using System.Security.Cryptography;
using OrleansAgent.Grains.Notifications.Delivery;

namespace OrleansAgent.Tests.Notifications;

public sealed class AckTokenSignerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ValidTokenReturnsIncidentId()
    {
        var signer = new AckTokenSigner(RandomNumberGenerator.GetBytes(32));
        var token = signer.CreateToken("inc/42 ü", Now.AddHours(1));

        var valid = signer.TryValidate(token, Now, out var incidentId);

        Assert.True(valid);
        Assert.Equal("inc/42 ü", incidentId);
    }

    [Fact]
    public void TokenIsUrlSafe()
    {
        var signer = new AckTokenSigner(RandomNumberGenerator.GetBytes(32));

        var token = signer.CreateToken("inc-42???>>>", Now.AddHours(1));

        Assert.Equal(Uri.EscapeDataString(token), token);
    }

    [Fact]
    public void ExpiredTokenIsRejected()
    {
        var signer = new AckTokenSigner(RandomNumberGenerator.GetBytes(32));
        var token = signer.CreateToken("inc-42", Now.AddHours(1));

        var valid = signer.TryValidate(token, Now.AddHours(1), out var incidentId);

        Assert.False(valid);
        Assert.Equal("", incidentId);
    }

    [Fact]
    public void TamperedPayloadIsRejected()
    {
        var signer = new AckTokenSigner(RandomNumberGenerator.GetBytes(32));
        var token = signer.CreateToken("inc-42", Now.AddHours(1));
        var forgedPayload = System.Buffers.Text.Base64Url.EncodeToString("inc-43\n9999999999"u8);
        var forged = forgedPayload + token[token.IndexOf('.')..];

        var valid = signer.TryValidate(forged, Now, out _);

        Assert.False(valid);
    }

    [Fact]
    public void TamperedSignatureIsRejected()
    {
        var signer = new AckTokenSigner(RandomNumberGenerator.GetBytes(32));
        var token = signer.CreateToken("inc-42", Now.AddHours(1));
        var last = token[^1] == 'A' ? 'B' : 'A';

        var valid = signer.TryValidate(token[..^1] + last, Now, out _);

        Assert.False(valid);
    }

    [Fact]
    public void OtherKeyIsRejected()
    {
        var token = new AckTokenSigner(RandomNumberGenerator.GetBytes(32)).CreateToken("inc-42", Now.AddHours(1));

        var valid = new AckTokenSigner(RandomNumberGenerator.GetBytes(32)).TryValidate(token, Now, out _);

        Assert.False(valid);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("abc.")]
    [InlineData(".abc")]
    [InlineData("!!!.???")]
    public void MalformedTokenIsRejected(string token)
    {
        var signer = new AckTokenSigner(RandomNumberGenerator.GetBytes(32));

        var valid = signer.TryValidate(token, Now, out _);

        Assert.False(valid);
    }

    [Fact]
    public void ShortKeyIsRejected()
    {
        var exception = Assert.Throws<ArgumentException>(() => new AckTokenSigner(new byte[16]));

        Assert.Contains("16 bytes", exception.Message);
    }
}
