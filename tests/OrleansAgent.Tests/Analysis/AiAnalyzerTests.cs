using OrleansAgent.Grains.Analysis;
using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Tests.Analysis;

public sealed class AiAnalyzerTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AnalyzeReturnsModelFindingWhenServerAnswers()
    {
        using var harness = AiAnalyzerHarness.Create(_server);
        var signal = TestSignals.Create(count: 12, windowCount: 40);

        var findings = await harness.Analyzer.AnalyzeAsync([signal], CancellationToken.None);

        var finding = Assert.Single(findings);
        Assert.False(finding.IsDeterministic);
        Assert.Null(finding.FallbackReason);
        Assert.Equal("fake-model", finding.Analyzer);
        Assert.Equal("Model title for signal 0", finding.Title);
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal(0.85, finding.Confidence);
        Assert.Equal("network", finding.Category);
        Assert.Equal(2, finding.SuggestedActions.Length);
        Assert.Contains("12 lines in this poll", finding.Summary, StringComparison.Ordinal);
        Assert.Same(signal, finding.Signal);
    }

    [Fact]
    public async Task AnalyzeSendsModelSchemaAndBearerKey()
    {
        using var harness = AiAnalyzerHarness.Create(_server, new Dictionary<string, string?> { ["Agent:Ai:ApiKey"] = "sk-test-key-123" });

        await harness.Analyzer.AnalyzeAsync([TestSignals.Create()], CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("fake-model", request.Model);
        Assert.Equal("Bearer sk-test-key-123", request.Authorization);
        Assert.Equal("json_schema", request.ResponseFormat?["type"]?.GetValue<string>());
        Assert.DoesNotContain("sk-test-key-123", request.Body, StringComparison.Ordinal);
        Assert.Contains("Do not invent", request.SystemMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeOmitsResponseFormatWhenStructuredOutputOff()
    {
        using var harness = AiAnalyzerHarness.Create(_server, new Dictionary<string, string?> { ["Agent:Ai:UseStructuredOutput"] = "false" });
        _server.Responder = (request, _) => FakeReply.Completion("```json\n" + FakeOpenAiServer.ModelLikeAnswer(request) + "\n```");

        var findings = await harness.Analyzer.AnalyzeAsync([TestSignals.Create()], CancellationToken.None);

        Assert.Null(Assert.Single(_server.Requests).ResponseFormat);
        Assert.False(Assert.Single(findings).IsDeterministic);
    }

    [Fact]
    public async Task MalformedOutputRetriedOnceThenFallsBack()
    {
        using var harness = AiAnalyzerHarness.Create(_server);
        _server.Responder = (_, _) => FakeReply.Completion("{\"findings\": [ {\"index\": 0, \"title\": ");

        var findings = await harness.Analyzer.AnalyzeAsync([TestSignals.Create()], CancellationToken.None);

        var finding = Assert.Single(findings);
        Assert.True(finding.IsDeterministic);
        Assert.Equal(FallbackReasons.InvalidOutput, finding.FallbackReason);
        Assert.Equal(2, _server.RequestCount);
    }

    [Fact]
    public async Task AnalyzeUsesSecondReplyWhenFirstMalformed()
    {
        using var harness = AiAnalyzerHarness.Create(_server);
        _server.Responder = (request, number) => number == 1
            ? FakeReply.Completion("I think this is bad.")
            : FakeReply.Completion(FakeOpenAiServer.ModelLikeAnswer(request));

        var findings = await harness.Analyzer.AnalyzeAsync([TestSignals.Create()], CancellationToken.None);

        Assert.False(Assert.Single(findings).IsDeterministic);
        Assert.Equal(2, _server.RequestCount);
    }

    [Fact]
    public async Task AnalyzeRetriesOnlyUncoveredSignalsWhenOutputPartial()
    {
        using var harness = AiAnalyzerHarness.Create(_server);
        var signals = TestSignals.Distinct(3);

        // The first reply covers signal 0, gives signal 1 an invalid severity, skips signal 2 and names an
        // index that does not exist. The second reply is empty.
        _server.Responder = (_, number) => number == 1
            ? FakeReply.Completion(FakeOpenAiServer.Answer(
                FakeOpenAiServer.FindingJson(0),
                FakeOpenAiServer.FindingJson(1, severity: "urgent"),
                FakeOpenAiServer.FindingJson(7)))
            : FakeReply.Completion(FakeOpenAiServer.Answer());

        var findings = await harness.Analyzer.AnalyzeAsync(signals, CancellationToken.None);

        Assert.Equal(3, findings.Count);
        Assert.False(findings[0].IsDeterministic);
        Assert.Equal(FallbackReasons.InvalidOutput, findings[1].FallbackReason);
        Assert.Equal(FallbackReasons.InvalidOutput, findings[2].FallbackReason);
        Assert.Equal(2, _server.RequestCount);
        Assert.Equal([0, 1], FakeOpenAiServer.SignalIndexes(_server.Requests[1]));
    }

    [Fact]
    public async Task AnalyzeWaitsForRetryAfterWhenServerReturns429()
    {
        using var harness = AiAnalyzerHarness.Create(_server);
        _server.Responder = (request, number) => number == 1
            ? FakeReply.Error(429, "rate_limit_exceeded", "Rate limit reached.", new Dictionary<string, string> { ["Retry-After"] = "1" })
            : FakeReply.Completion(FakeOpenAiServer.ModelLikeAnswer(request));

        var findings = await harness.Analyzer.AnalyzeAsync([TestSignals.Create()], CancellationToken.None);

        Assert.False(Assert.Single(findings).IsDeterministic);
        Assert.Equal(2, _server.RequestCount);
    }

    [Fact]
    public async Task AnalyzeFallsBackWhenRetryAfterExceedsTimeout()
    {
        using var harness = AiAnalyzerHarness.Create(_server);
        _server.Responder = (_, _) =>
            FakeReply.Error(429, "rate_limit_exceeded", "Rate limit reached.", new Dictionary<string, string> { ["Retry-After"] = "3600" });

        var findings = await harness.Analyzer.AnalyzeAsync([TestSignals.Create()], CancellationToken.None);

        Assert.Equal(FallbackReasons.HttpStatus(429), Assert.Single(findings).FallbackReason);
        Assert.Equal(1, _server.RequestCount);
    }

    [Fact]
    public async Task AnalyzeFallsBackWhenServerReturns500()
    {
        using var harness = AiAnalyzerHarness.Create(_server);
        _server.Responder = (_, _) => FakeReply.Error(500, "server_error", "The server had an error.");

        var findings = await harness.Analyzer.AnalyzeAsync([TestSignals.Create()], CancellationToken.None);

        var finding = Assert.Single(findings);
        Assert.True(finding.IsDeterministic);
        Assert.Equal("model returned HTTP 500", finding.FallbackReason);
    }

    [Fact]
    public async Task AnalyzeFallsBackWhenServerSlowerThanTimeout()
    {
        using var harness = AiAnalyzerHarness.Create(_server, new Dictionary<string, string?> { ["Agent:Ai:Timeout"] = "00:00:01" });
        _server.Responder = (request, _) => FakeReply.Completion(FakeOpenAiServer.ModelLikeAnswer(request)) with { Delay = TimeSpan.FromSeconds(30) };

        var findings = await harness.Analyzer.AnalyzeAsync([TestSignals.Create()], CancellationToken.None);

        Assert.Equal(FallbackReasons.TimedOut, Assert.Single(findings).FallbackReason);
    }

    [Fact]
    public async Task AnalyzeOpensCircuitAfterRepeatedFailures()
    {
        using var harness = AiAnalyzerHarness.Create(_server);
        _server.Responder = (_, _) => FakeReply.Error(503, "server_error", "Overloaded.");
        var reasons = new List<string?>();

        for (var i = 0; i < 4; i++)
        {
            var findings = await harness.Analyzer.AnalyzeAsync([TestSignals.Create(patternId: $"c-{i}")], CancellationToken.None);
            reasons.Add(findings[0].FallbackReason);
        }

        var requestsWhenOpen = _server.RequestCount;
        var last = await harness.Analyzer.AnalyzeAsync([TestSignals.Create(patternId: "c-last")], CancellationToken.None);

        Assert.Contains(FallbackReasons.CircuitOpen, reasons);
        Assert.Equal(FallbackReasons.CircuitOpen, last[0].FallbackReason);
        Assert.Equal(requestsWhenOpen, _server.RequestCount);
        Assert.Equal("Open", (await harness.Analyzer.GetStatusAsync(CancellationToken.None)).CircuitState);
    }

    [Fact]
    public async Task AnalyzeReturnsDeterministicFindingsWhenNoModelConfigured()
    {
        using var harness = AiAnalyzerHarness.Create(server: null);
        var signals = TestSignals.Distinct(3);

        var findings = await harness.Analyzer.AnalyzeAsync(signals, CancellationToken.None);

        Assert.Equal(3, findings.Count);
        Assert.All(findings, finding => Assert.Equal(FallbackReasons.NoModel, finding.FallbackReason));
        Assert.Equal(signals, findings.Select(finding => finding.Signal));
        Assert.Equal(0, _server.RequestCount);
    }

    [Fact]
    public async Task AnalyzeFallsBackWhenBudgetExhausted()
    {
        using var harness = AiAnalyzerHarness.Create(_server, new Dictionary<string, string?>
        {
            ["Agent:Ai:MaxCallsPerHour"] = "3",
            ["Agent:Ai:MaxSignalsPerCall"] = "1",
        });
        var signals = TestSignals.Distinct(20);

        var findings = await harness.Analyzer.AnalyzeAsync(signals, CancellationToken.None);

        Assert.Equal(3, _server.RequestCount);
        Assert.Equal(3, findings.Count(finding => !finding.IsDeterministic));
        Assert.Equal(17, findings.Count(finding => finding.FallbackReason == FallbackReasons.BudgetExhausted));
    }

    [Fact]
    public async Task AnalyzeBatchesByMaxSignalsPerCall()
    {
        using var harness = AiAnalyzerHarness.Create(_server, new Dictionary<string, string?> { ["Agent:Ai:MaxSignalsPerCall"] = "4" });

        var findings = await harness.Analyzer.AnalyzeAsync(TestSignals.Distinct(10), CancellationToken.None);

        Assert.Equal(3, _server.RequestCount);
        Assert.All(findings, finding => Assert.False(finding.IsDeterministic));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"p-{i}"), findings.Select(finding => finding.Signal.PatternId));
    }

    [Fact]
    public async Task CacheHitWhenOnlyValuesDiffer()
    {
        using var harness = AiAnalyzerHarness.Create(_server);
        var first = TestSignals.Create(patternId: "gw", count: 3, samples: ["Payment gateway timeout after 5000 ms"]);
        var second = TestSignals.Create(patternId: "gw", count: 9, samples: ["Payment gateway timeout after 7300 ms"]);

        await harness.Analyzer.AnalyzeAsync([first], CancellationToken.None);
        var findings = await harness.Analyzer.AnalyzeAsync([second], CancellationToken.None);
        var status = await harness.Analyzer.GetStatusAsync(CancellationToken.None);

        Assert.Equal(1, _server.RequestCount);
        Assert.Same(second, findings[0].Signal);
        Assert.False(findings[0].IsDeterministic);
        Assert.Contains("9 lines in this poll", findings[0].Summary, StringComparison.Ordinal);
        Assert.Equal(1, status.CacheHits);
        Assert.Equal(1, status.CacheMisses);
        Assert.Equal(0.5, status.CacheHitRate);
    }

    [Fact]
    public async Task AnalyzeAsksModelAgainWhenCacheTtlZero()
    {
        using var harness = AiAnalyzerHarness.Create(_server, new Dictionary<string, string?> { ["Agent:Ai:CacheTtl"] = "00:00:00" });

        await harness.Analyzer.AnalyzeAsync([TestSignals.Create(patternId: "gw")], CancellationToken.None);
        await harness.Analyzer.AnalyzeAsync([TestSignals.Create(patternId: "gw")], CancellationToken.None);

        Assert.Equal(2, _server.RequestCount);
    }

    [Fact]
    public async Task AnalyzeUsesPromptFilesFromPromptDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("orleansagent-prompts-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "system.md"), "CUSTOM SYSTEM PROMPT");
            using var harness = AiAnalyzerHarness.Create(_server, new Dictionary<string, string?> { ["Agent:Ai:PromptDirectory"] = directory.FullName });

            await harness.Analyzer.AnalyzeAsync([TestSignals.Create()], CancellationToken.None);

            Assert.Equal("CUSTOM SYSTEM PROMPT", Assert.Single(_server.Requests).SystemMessage);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task StatusCountsCallsTokensAndFallbacks()
    {
        using var harness = AiAnalyzerHarness.Create(_server, new Dictionary<string, string?> { ["Agent:Ai:ApiKey"] = "sk-status-canary" });
        _server.Responder = (request, number) => number == 1
            ? FakeReply.Completion(FakeOpenAiServer.ModelLikeAnswer(request), promptTokens: 300, completionTokens: 50)
            : FakeReply.Error(400, "invalid_request_error", "Bad request.");

        await harness.Analyzer.AnalyzeAsync([TestSignals.Create(patternId: "a")], CancellationToken.None);
        await harness.Analyzer.AnalyzeAsync([TestSignals.Create(patternId: "b")], CancellationToken.None);
        var status = await harness.Analyzer.GetStatusAsync(CancellationToken.None);

        Assert.Equal(2, status.Calls);
        Assert.Equal(1, status.Failures);
        Assert.Equal(1, status.Fallbacks);
        Assert.Equal(300, status.InputTokens);
        Assert.Equal(50, status.OutputTokens);
        Assert.Equal(_server.BaseUrl.Authority, status.EndpointHost);
        Assert.Equal(2, status.Budget!.CallsLastHour);
        Assert.Equal(58, status.Budget.CallsLeft);
        Assert.DoesNotContain("sk-status-canary", status.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk-status-canary", harness.Options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeTruncatesHugeSampleLines()
    {
        using var harness = AiAnalyzerHarness.Create(_server);
        var huge = "Stack overflow in parser " + new string('a', 200_000);

        var findings = await harness.Analyzer.AnalyzeAsync([TestSignals.Create(samples: [huge])], CancellationToken.None);

        Assert.False(Assert.Single(findings).IsDeterministic);
        Assert.True(Assert.Single(_server.Requests).Body.Length < 20_000);
    }

    [Fact]
    public async Task AnalyzeFallsBackWhenServerUnreachable()
    {
        var port = _server.BaseUrl.Port;
        await _server.DisposeAsync();
        using var harness = AiAnalyzerHarness.Create(server: null, new Dictionary<string, string?>
        {
            ["Agent:Ai:Endpoint"] = $"http://127.0.0.1:{port}/v1",
            ["Agent:Ai:Model"] = "fake-model",
        });
        _server = await FakeOpenAiServer.StartAsync();

        var findings = await harness.Analyzer.AnalyzeAsync([TestSignals.Create()], CancellationToken.None);

        Assert.Equal(FallbackReasons.Unreachable, Assert.Single(findings).FallbackReason);
    }

    [Fact]
    public async Task AnalyzeFallsBackOnNonJsonResponse()
    {
        using var harness = AiAnalyzerHarness.Create(_server);
        _server.Responder = (_, _) => new FakeReply(200, "<html>proxy login</html>");

        var findings = await harness.Analyzer.AnalyzeAsync([TestSignals.Create()], CancellationToken.None);

        Assert.Equal(FallbackReasons.InvalidOutput, Assert.Single(findings).FallbackReason);
        Assert.Equal(2, _server.RequestCount);
    }

    [Fact]
    public async Task AnalyzeDropsSchemaWhenServerRejectsIt()
    {
        using var harness = AiAnalyzerHarness.Create(_server);
        _server.Responder = (request, _) => request.ResponseFormat is null
            ? FakeReply.Completion(FakeOpenAiServer.ModelLikeAnswer(request))
            : FakeReply.Error(400, "invalid_request_error", "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.");

        var first = await harness.Analyzer.AnalyzeAsync([TestSignals.Create(patternId: "s-1")], CancellationToken.None);
        var second = await harness.Analyzer.AnalyzeAsync([TestSignals.Create(patternId: "s-2")], CancellationToken.None);

        Assert.False(first[0].IsDeterministic);
        Assert.False(second[0].IsDeterministic);
        Assert.Equal(3, _server.RequestCount);
        Assert.Null(_server.Requests[2].ResponseFormat);
    }

    [Fact]
    public async Task AnalyzeKeepsSchemaAfterUnrelatedBadRequest()
    {
        using var harness = AiAnalyzerHarness.Create(_server);
        _server.Responder = (_, _) => FakeReply.Error(400, "context_length_exceeded", "This model's maximum context length is 4096 tokens.");

        var findings = await harness.Analyzer.AnalyzeAsync([TestSignals.Create()], CancellationToken.None);

        Assert.Equal(FallbackReasons.HttpStatus(400), findings[0].FallbackReason);
        Assert.Equal(1, _server.RequestCount);
        Assert.NotNull(_server.Requests[0].ResponseFormat);
    }
}
