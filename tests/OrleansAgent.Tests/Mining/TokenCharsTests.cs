using CsCheck;
using OrleansAgent.Grains.Engine.Mining;

namespace OrleansAgent.Tests.Mining;

public sealed class TokenCharsTests
{
    [Fact]
    public void WhiteSpaceAgreesWithCharIsWhiteSpace()
    {
        var disagreeing = Enumerable.Range(0, char.MaxValue + 1)
            .Select(code => (char)code)
            .Where(c => TokenChars.IsWhiteSpace(c) != char.IsWhiteSpace(c))
            .Select(c => (int)c)
            .ToList();

        Assert.Empty(disagreeing);
    }

    private static readonly char[] Delimiters = "=:,;()[]{}\"'|<>".ToCharArray();

    private static readonly Gen<string> Token = Gen.OneOf(
            Gen.Const("true"), Gen.Const("TRUE"), Gen.Const("fAlSe"), Gen.Const("fal\u017Fe"), Gen.Const("tru"), Gen.Const("e"),
            Gen.Const("s"), Gen.Const("u"), Gen.Const("."), Gen.Const("x"), Gen.Const("="), Gen.Const("("), Gen.Const(")"),
            Gen.Const("\""), Gen.Const("|"), Gen.Const("\u00E9"), Gen.Const("7"))
        .Array[1, 8]
        .Select(parts => string.Concat(parts));

    [Fact]
    public void HasBooleanFindsEveryTrueOrFalsePiece()
    {
        Token.Sample(token =>
        {
            var expected = token.Split(Delimiters).Any(piece =>
                piece.TrimEnd('.').Equals("true", StringComparison.OrdinalIgnoreCase)
                || piece.TrimEnd('.').Equals("false", StringComparison.OrdinalIgnoreCase));

            return TokenMasker.HasBoolean(token) == expected;
        }, iter: 20_000);
    }
}
