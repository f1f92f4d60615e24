using System.Text.RegularExpressions;
using CsCheck;
using OrleansAgent.Grains.Engine.Rules;
using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Tests.Engine.Rules;

public sealed class RequiredLiteralsTests
{
    [Theory]
    [InlineData("No space left on device", "No space left on device")]
    [InlineData("OutOfMemory|Out of memory", "OutOfMemory,Out of memory")]
    [InlineData(@"ERROR.*connection refused", "connection refused")]
    [InlineData(@"colou?r", "colo")]
    [InlineData(@"\d+ms elapsed", "ms elapsed")]
    [InlineData(@"a{2,3}bc", "bc")]
    [InlineData(@"retry(ing)? after \d+ s", " after ")]
    [InlineData(@"(?:error|warn)ing:", "ing:")]
    [InlineData(@"file\.txt\b", "file.txt")]
    [InlineData(@"ab+c", "ab")]
    [InlineData(@"[a-z]+ failed", " failed")]
    public void ExtractFindsTheLongestRequiredRunOfEachAlternative(string pattern, string expected)
    {
        var result = RequiredLiterals.Extract(pattern);

        Assert.NotNull(result);
        Assert.Equal(expected.Split(','), result.Value.Literals);
        Assert.False(result.Value.IgnoreCase);
    }

    [Fact]
    public void ExtractMarksALeadingIgnoreCaseOption()
    {
        var result = RequiredLiterals.Extract("(?i)timed out");

        Assert.NotNull(result);
        Assert.Equal(["timed out"], result.Value.Literals);
        Assert.True(result.Value.IgnoreCase);
    }

    [Theory]
    [InlineData(@"\d+")]
    [InlineData(@"error|")]
    [InlineData(@"[abc]")]
    [InlineData(@"\x41BC")]
    [InlineData(@"\p{L}+abc")]
    [InlineData(@"a(?i)bc")]
    [InlineData(@"(?x)a b")]
    [InlineData(@"value{")]
    [InlineData("caf\u00E9")]
    [InlineData(@"(ab|cd)")]
    public void ExtractGivesUpOnPatternsWithoutSafeLiterals(string pattern)
    {
        var result = RequiredLiterals.Extract(pattern);

        Assert.Null(result);
    }

    private static readonly Gen<string> Piece = Gen.OneOf(
        Gen.OneOf(Gen.Const("err"), Gen.Const("or"), Gen.Const("Out of memory"), Gen.Const("time"), Gen.Const("k"), Gen.Const("s")),
        Gen.OneOf(Gen.Const(@"\."), Gen.Const(@"\d"), Gen.Const(@"\s+"), Gen.Const(@"\b"), Gen.Const(@"\x41"), Gen.Const(@"\p{Lu}")),
        Gen.OneOf(Gen.Const("[a-c]"), Gen.Const("."), Gen.Const(".*"), Gen.Const("(ab|cd)"), Gen.Const("(?:x|yz)"), Gen.Const("^"), Gen.Const("$")),
        Gen.OneOf(Gen.Const("?"), Gen.Const("*"), Gen.Const("+"), Gen.Const("{1,2}"), Gen.Const("{0}"), Gen.Const("{"), Gen.Const("(?i)")));

    private static readonly Gen<string> Pattern = Gen.Select(
        Gen.Bool,
        Piece.Array[1, 5].Select(pieces => string.Concat(pieces)).Array[1, 3],
        (ignoreCase, branches) => (ignoreCase ? "(?i)" : "") + string.Join('|', branches));

    private static readonly Gen<string> Line = Gen.OneOf(
            Gen.Const("err"), Gen.Const("ERR"), Gen.Const("or"), Gen.Const("Out of memory"), Gen.Const("oUT OF MEMORY"), Gen.Const("time"),
            Gen.Const("TIME"), Gen.Const("\u212A"), Gen.Const("\u017F"), Gen.Const("k"), Gen.Const("s"), Gen.Const("ab"), Gen.Const("yz"),
            Gen.Const("A"), Gen.Const("7"), Gen.Const(" "), Gen.Const("."), Gen.Const("\u00E9"), Gen.Const("c"), Gen.Const("x"), Gen.Const("{"))
        .Array[0, 8]
        .Select(parts => string.Concat(parts));

    [Fact]
    public void PrefilterKeepsRegexResults()
    {
        Gen.Select(Pattern.Array[1, 3], Line.Array[1, 30]).Sample(sample =>
        {
            var (patterns, lines) = sample;
            var valid = patterns.Where(IsValidRegex).Distinct().ToArray();
            if (valid.Length == 0)
            {
                return true;
            }

            var engine = new RuleEngine(valid.Select((p, i) => new RuleDefinition($"rule-{i}", p, Severity.High, RuleAction.Alert)));
            var references = valid.Select(p => new Regex(p, RegexOptions.CultureInvariant)).ToArray();
            return lines.All(line =>
            {
                var expected = Array.FindIndex(references, r => r.IsMatch(line));
                var actual = engine.Match(line, "source");
                return expected < 0 ? actual is null : actual?.RuleName == $"rule-{expected}";
            });
        }, iter: 500);
    }

    private static bool IsValidRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
