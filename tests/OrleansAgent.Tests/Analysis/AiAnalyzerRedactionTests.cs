namespace OrleansAgent.Tests.Analysis;

public sealed class AiAnalyzerRedactionTests : IAsyncLifetime
{
    private const string AwsKey = "AKIAZZZCANARY0000000";
    private const string Password = "canary-pw-123";
    private const string Jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJlLWNhbmFyeQ";
    private const string Email = "canary.person@example.com";
    private const string BearerToken = "canaryBearerToken0123456789";

    private static readonly string[] Canaries = [AwsKey, Password, Jwt, Email, BearerToken];

    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PromptMasksUnredactedCanaries()
    {
        using var harness = AiAnalyzerHarness.Create(_server);
        var signal = TestSignals.Create(
            template: $"Login failed for {Email} with key {AwsKey} password={Password} <*>",
            samples:
            [
                $"Login failed for {Email} with key {AwsKey} password={Password} 42",
                $"Authorization: Bearer {BearerToken} rejected, token {Jwt}",
                $"retry password={Password} for {Email}",
            ],
            labels: [$"owner={Email}"],
            service: $"auth {AwsKey}");

        var findings = await harness.Analyzer.AnalyzeAsync([signal], CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        foreach (var canary in Canaries)
        {
            Assert.DoesNotContain(canary, request.Body, StringComparison.Ordinal);
        }

        Assert.Contains("<aws-key>", request.UserMessage, StringComparison.Ordinal);
        Assert.Contains("<email>", request.UserMessage, StringComparison.Ordinal);
        Assert.False(Assert.Single(findings).IsDeterministic);
    }

    [Fact]
    public async Task RetryPromptMasksCanaries()
    {
        using var harness = AiAnalyzerHarness.Create(_server);
        _server.Responder = (_, _) => FakeReply.Completion("not json");
        var signal = TestSignals.Create(template: $"token {Jwt} for {Email} <*>", samples: [$"token {Jwt} for {Email} 7"]);

        await harness.Analyzer.AnalyzeAsync([signal], CancellationToken.None);

        Assert.Equal(2, _server.RequestCount);
        Assert.All(_server.Requests, request => Assert.DoesNotContain(Jwt, request.Body, StringComparison.Ordinal));
        Assert.All(_server.Requests, request => Assert.DoesNotContain(Email, request.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PromptMasksSecretWithQuoteOrPlus()
    {
        using var harness = AiAnalyzerHarness.Create(_server);
        var signal = TestSignals.Create(samples: ["password=canary\"pw<9> user canary.user+tag@example.com"]);

        await harness.Analyzer.AnalyzeAsync([signal], CancellationToken.None);

        var body = Assert.Single(_server.Requests).Body;
        Assert.DoesNotContain("canary", body, StringComparison.Ordinal);
        Assert.Contains("password=<secret>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromptKeepsTemplatePlaceholdersReadable()
    {
        using var harness = AiAnalyzerHarness.Create(_server);

        await harness.Analyzer.AnalyzeAsync([TestSignals.Create(template: "Payment gateway timeout after <*> ms")], CancellationToken.None);

        Assert.Contains("Payment gateway timeout after <*> ms", Assert.Single(_server.Requests).UserMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromptLimitsSamplesPerSignal()
    {
        using var harness = AiAnalyzerHarness.Create(_server, new Dictionary<string, string?> { ["Agent:Ai:MaxSamplesPerSignal"] = "2" });
        var signal = TestSignals.Create(samples: ["sample-one", "sample-two", "sample-three"]);

        await harness.Analyzer.AnalyzeAsync([signal], CancellationToken.None);

        var body = Assert.Single(_server.Requests).UserMessage;
        Assert.Contains("sample-two", body, StringComparison.Ordinal);
        Assert.DoesNotContain("sample-three", body, StringComparison.Ordinal);
    }
}
