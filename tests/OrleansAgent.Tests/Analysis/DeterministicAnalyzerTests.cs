using OrleansAgent.Grains.Analysis;
using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Tests.Analysis;

public sealed class DeterministicAnalyzerTests
{
    private readonly DeterministicAnalyzer _analyzer = new();

    [Fact]
    public async Task AnalyzeReturnsOneFindingPerSignalInOrder()
    {
        var signals = TestSignals.Distinct(5);

        var findings = await _analyzer.AnalyzeAsync(signals, CancellationToken.None);

        Assert.Equal(signals, findings.Select(finding => finding.Signal));
        Assert.All(findings, finding => Assert.True(finding.IsDeterministic));
        Assert.All(findings, finding => Assert.Equal("deterministic", finding.Analyzer));
        Assert.All(findings, finding => Assert.Null(finding.FallbackReason));
    }

    [Fact]
    public void TitleNamesNewErrorPatternAndService()
    {
        var finding = _analyzer.Analyze(TestSignals.Create(), fallbackReason: null);

        Assert.Equal("New error pattern in checkout: Payment gateway timeout after <*> ms", finding.Title);
    }

    [Fact]
    public void TitleShowsRatioForSpike()
    {
        var signal = TestSignals.Create(verdict: Verdict.Spike, level: "INFO", template: "User <*> logged in", baselineMean: 10, windowCount: 120, ratio: 12);

        var finding = _analyzer.Analyze(signal, fallbackReason: null);

        Assert.Equal("Spike in checkout: User <*> logged in (12x baseline)", finding.Title);
        Assert.Equal(Severity.Low, finding.Severity);
    }

    [Fact]
    public void TitleNamesRuleAndSeverityFollowsRule()
    {
        var signal = TestSignals.Create(ruleName: "oom-killer", ruleSeverity: Severity.Critical, level: "INFO");

        var finding = _analyzer.Analyze(signal, fallbackReason: null);

        Assert.StartsWith("Rule oom-killer matched in checkout", finding.Title, StringComparison.Ordinal);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal(DeterministicAnalyzer.RuleConfidence, finding.Confidence);
    }

    [Theory]
    [InlineData("FATAL", "Worker stopped", Severity.Critical, DeterministicAnalyzer.LevelConfidence)]
    [InlineData("ERROR", "Worker stopped", Severity.High, DeterministicAnalyzer.LevelConfidence)]
    [InlineData("WARN", "Worker stopped", Severity.Medium, DeterministicAnalyzer.LevelConfidence)]
    [InlineData(null, "goroutine panic: nil map", Severity.Critical, DeterministicAnalyzer.KeywordConfidence)]
    [InlineData(null, "Connection refused by <*>", Severity.High, DeterministicAnalyzer.KeywordConfidence)]
    [InlineData(null, "Unhandled NullReferenceException in <*>", Severity.High, DeterministicAnalyzer.KeywordConfidence)]
    [InlineData("INFO", "Request timed out after <*> s", Severity.High, DeterministicAnalyzer.KeywordConfidence)]
    [InlineData("INFO", "Cache warmed with <*> entries", Severity.Info, DeterministicAnalyzer.NoEvidenceConfidence)]
    public void SeverityFollowsLevelThenKeywords(string? level, string template, Severity expected, double expectedConfidence)
    {
        var finding = _analyzer.Analyze(TestSignals.Create(level: level, template: template, samples: []), fallbackReason: null);

        Assert.Equal(expected, finding.Severity);
        Assert.Equal(expectedConfidence, finding.Confidence);
    }

    [Theory]
    [InlineData("Deadlock found when trying to get lock; SQLSTATE <*>", "database")]
    [InlineData("dial tcp <*>: connect: connection refused", "network")]
    [InlineData("401 Unauthorized for client <*>", "auth")]
    [InlineData("write <*>: no space left on device", "storage")]
    [InlineData("java.lang.OutOfMemoryError: Java heap space", "memory")]
    [InlineData("Kafka consumer group <*> rebalancing", "messaging")]
    [InlineData("Order <*> shipped", "application")]
    public void CategoryFollowsKeywords(string template, string expected)
    {
        var finding = _analyzer.Analyze(TestSignals.Create(template: template, samples: []), fallbackReason: null);

        Assert.Equal(expected, finding.Category);
    }

    [Fact]
    public void LikelyCauseComesFromMessageWhenItStatesOne()
    {
        var finding = _analyzer.Analyze(TestSignals.Create(template: "write <*>: no space left on device", samples: []), fallbackReason: null);

        Assert.Equal("The disk or volume is full.", finding.LikelyCause);
    }

    [Fact]
    public void LikelyCauseEmptyWhenMessageStatesNone()
    {
        var finding = _analyzer.Analyze(TestSignals.Create(), fallbackReason: null);

        Assert.Equal(string.Empty, finding.LikelyCause);
    }

    [Fact]
    public void SummaryStatesCountsBaselineAndRatioPerWindow()
    {
        var signal = TestSignals.Create(verdict: Verdict.Spike, count: 30, windowCount: 120, baselineMean: 10, ratio: 12);

        var finding = _analyzer.Analyze(signal, fallbackReason: null);

        Assert.Contains("30 lines in this poll, 120 lines in the current window against a baseline of 10 lines per window (12x)", finding.Summary, StringComparison.Ordinal);
        Assert.Contains("First seen 2026-12-04 10:00:00 UTC", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void SummarySaysNoBaselineForNewPattern()
    {
        var finding = _analyzer.Analyze(TestSignals.Create(baselineMean: 0), fallbackReason: null);

        Assert.Contains("with no baseline yet", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ActionsAreBetweenOneAndFive()
    {
        var finding = _analyzer.Analyze(TestSignals.Create(verdict: Verdict.Spike), fallbackReason: null);

        Assert.InRange(finding.SuggestedActions.Length, 1, 5);
    }

    [Fact]
    public void AnalyzeCarriesFallbackReason()
    {
        var finding = _analyzer.Analyze(TestSignals.Create(), FallbackReasons.TimedOut);

        Assert.Equal(FallbackReasons.TimedOut, finding.FallbackReason);
    }

    [Fact]
    public void TitleShortensLongTemplate()
    {
        var finding = _analyzer.Analyze(TestSignals.Create(template: new string('x', 500)), fallbackReason: null);

        Assert.True(finding.Title.Length < 200, finding.Title);
    }
}
