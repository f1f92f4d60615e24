using OrleansAgent.Grains.Engine.Rules;
using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Tests.Engine.Rules;

public sealed class RuleEngineTests
{
    private static readonly RuleDefinition HealthCheck = new("health-check", @"GET /health(z)? ", Severity.Info, RuleAction.Ignore);
    private static readonly RuleDefinition OutOfMemory = new("oom", @"OutOfMemory(Error|Exception)", Severity.Critical, RuleAction.Alert);
    private static readonly RuleDefinition AnyError = new("any-error", @"\bERROR\b", Severity.Medium, RuleAction.Alert);
    private static readonly RuleDefinition PaymentsOnly = new("payments-timeout", "timeout", Severity.High, RuleAction.Alert, Source: "payments");

    [Fact]
    public void MatchReturnsFirstRuleInDefinitionOrder()
    {
        var engine = new RuleEngine([AnyError, OutOfMemory]);

        var match = engine.Match("ERROR java.lang.OutOfMemoryError: heap", "api");

        Assert.Equal(new RuleMatch("any-error", RuleAction.Alert, Severity.Medium), match);
    }

    [Fact]
    public void MatchReturnsIgnoreRule()
    {
        var engine = new RuleEngine([HealthCheck, AnyError]);

        var match = engine.Match("10.0.0.1 GET /healthz 200", "api");

        Assert.Equal(new RuleMatch("health-check", RuleAction.Ignore, Severity.Info), match);
    }

    [Fact]
    public void MatchReturnsNullWithoutMatch()
    {
        var engine = new RuleEngine([HealthCheck, OutOfMemory]);

        var match = engine.Match("INFO request served", "api");

        Assert.Null(match);
    }

    [Fact]
    public void SourceRuleAppliesOnlyToItsSource()
    {
        var engine = new RuleEngine([PaymentsOnly]);

        var other = engine.Match("upstream timeout after 30s", "checkout");
        var own = engine.Match("upstream timeout after 30s", "payments");

        Assert.Null(other);
        Assert.Equal("payments-timeout", own?.RuleName);
    }

    [Fact]
    public void MatchAllReturnsEveryMatchInOrder()
    {
        var engine = new RuleEngine([OutOfMemory, HealthCheck, AnyError, PaymentsOnly]);

        var matches = engine.MatchAll("ERROR OutOfMemoryException timeout", "payments");

        Assert.Equal(["oom", "any-error", "payments-timeout"], matches.Select(m => m.RuleName));
    }

    [Fact]
    public void MatchAllReturnsEmptyWithoutRules()
    {
        var engine = new RuleEngine([]);

        var matches = engine.MatchAll("ERROR x", "api");

        Assert.Empty(matches);
    }

    [Fact]
    public void RulesKeepsDefinitionOrder()
    {
        var engine = new RuleEngine([OutOfMemory, HealthCheck]);

        Assert.Equal([OutOfMemory, HealthCheck], engine.Rules);
    }

    [Fact]
    public void ConstructorListsEveryInvalidRule()
    {
        RuleDefinition[] rules =
        [
            new("bad-paren", "(unclosed", Severity.Low, RuleAction.Alert),
            OutOfMemory,
            new("bad-class", "[z-a]", Severity.Low, RuleAction.Alert),
        ];

        var error = Assert.Throws<RuleValidationException>(() => new RuleEngine(rules));

        Assert.Equal(["bad-paren", "bad-class"], error.Failures.Select(f => f.RuleName));
        Assert.Contains("rule 'bad-paren' pattern '(unclosed'", error.Message, StringComparison.Ordinal);
        Assert.Contains("rule 'bad-class' pattern '[z-a]'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConstructorRejectsDuplicateNames()
    {
        var error = Assert.Throws<RuleValidationException>(() => new RuleEngine([OutOfMemory, OutOfMemory with { Pattern = "OOM" }]));

        var failure = Assert.Single(error.Failures);
        Assert.Equal("oom", failure.RuleName);
        Assert.Contains("same name", failure.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "x", "name is empty")]
    [InlineData("r", "", "pattern is empty")]
    public void ValidateRejectsEmptyFields(string name, string pattern, string expected)
    {
        var result = RuleEngine.Validate(new RuleDefinition(name, pattern, Severity.Low, RuleAction.Alert));

        Assert.False(result.IsValid);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateRejectsUndefinedSeverity()
    {
        var result = RuleEngine.Validate(new RuleDefinition("r", "x", (Severity)42, RuleAction.Alert));

        Assert.Contains("severity 42", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateRejectsUndefinedAction()
    {
        var result = RuleEngine.Validate(new RuleDefinition("r", "x", Severity.Low, (RuleAction)7));

        Assert.Contains("action 7", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateRejectsBlankSource()
    {
        var result = RuleEngine.Validate(new RuleDefinition("r", "x", Severity.Low, RuleAction.Alert, Source: " "));

        Assert.Contains("source is blank", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateRejectsCatastrophicBacktracking()
    {
        // The lookahead needs the backtracking engine, where (a+)+$ is exponential on "aaa...!".
        var result = RuleEngine.Validate(new RuleDefinition("slow", @"^(?=(a+)+$)", Severity.Low, RuleAction.Alert));

        Assert.False(result.IsValid);
        Assert.Contains("catastrophic backtracking", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateAcceptsNestedQuantifierOnLinearEngine()
    {
        var result = RuleEngine.Validate(new RuleDefinition("nested", @"^(a+)+$", Severity.Low, RuleAction.Alert));

        Assert.True(result.IsValid, result.Error);
    }

    [Fact]
    public void ValidateAcceptsBackreference()
    {
        var result = RuleEngine.Validate(new RuleDefinition("repeat", @"\b(\w+) \1\b", Severity.Low, RuleAction.Alert));

        Assert.True(result.IsValid, result.Error);
    }

    [Fact]
    public void BackreferenceRuleMatches()
    {
        var engine = new RuleEngine([new RuleDefinition("repeat", @"\b(\w+) \1\b", Severity.Low, RuleAction.Alert)]);

        var match = engine.Match("retry retry failed", "api");

        Assert.Equal("repeat", match?.RuleName);
    }

    [Fact]
    public void MatchTimeoutCountsAndIsNoMatch()
    {
        // The probes contain no long run of 'x', so this exponential pattern passes validation.
        var slow = new RuleDefinition("slow-x", @"^(?=(x+)+$)", Severity.High, RuleAction.Alert);
        var engine = new RuleEngine([slow, AnyError], TimeSpan.FromMilliseconds(200));

        var match = engine.Match(new string('x', 64) + "! ERROR", "api");

        Assert.Equal("any-error", match?.RuleName);
        Assert.Equal(1, engine.TimeoutCount);
    }

    [Fact]
    public void MatchIsCaseSensitiveByDefault()
    {
        var engine = new RuleEngine([new RuleDefinition("fatal", "(?i)fatal", Severity.High, RuleAction.Alert), AnyError]);

        var fatal = engine.Match("Fatal: disk gone", "api");
        var error = engine.Match("error lower case", "api");

        Assert.Equal("fatal", fatal?.RuleName);
        Assert.Null(error);
    }
}
