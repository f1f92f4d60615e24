using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansAgent.Grains.Sources;
using OrleansAgent.Grains.Sources.CloudWatch;
using OrleansAgent.Tests.Sources.Files;

namespace OrleansAgent.Tests.Sources.CloudWatch;

public sealed class CloudWatchLogSourceTests : IAsyncLifetime
{
    private const string Group = "/app/prod";

    private readonly ManualTimeProvider _clock = new();
    private readonly HttpClient _http = new();
    private FakeCloudWatchLogs _logs = null!;

    static CloudWatchLogSourceTests()
    {
        // Belt and braces: even a code path that reached the credential chain must not query instance metadata.
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }

    public async Task InitializeAsync()
    {
        _logs = await FakeCloudWatchLogs.StartAsync();
        _logs.CreateGroup(Group);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _logs.DisposeAsync();
    }

    private long NowMs => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private long Ago(double seconds) => NowMs - (long)(seconds * 1000);

    private void Put(string stream, long timestamp, string message, long lagMs = 500) => _logs.Put(Group, stream, timestamp, timestamp + lagMs, message);

    private CloudWatchLogSource CreateSource(Action<CloudWatchSourceOptions>? configure = null)
    {
        var options = new CloudWatchSourceOptions
        {
            Region = "us-east-1",
            ServiceUrl = _logs.BaseAddress.ToString(),
            LogGroupName = Group,
            AccessKeyId = "AKIDEXAMPLE",
            SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            Overlap = TimeSpan.FromMinutes(5),
            SettleDelay = TimeSpan.FromSeconds(5),
            PageSize = 100,
        };
        configure?.Invoke(options);
        return new CloudWatchLogSource("cw", options, _http, _clock, NullLogger<CloudWatchLogSource>.Instance);
    }

    [Fact]
    public async Task ReadsEventsInTimeOrderWithSignedJsonRequest()
    {
        Put("web-1", Ago(60), "second");
        Put("web-2", Ago(120), "first");
        var source = CreateSource();

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(["first", "second"], result.Events.Texts());
        Assert.Equal("web-2", result.Events[0].Fields["logStream"]);
        Assert.Equal(Group, result.Events[0].Fields["logGroup"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Ago(120)), result.Events[0].Timestamp);
        var authorization = _logs.Requests.First().Headers["Authorization"];
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260115/us-east-1/logs/aws4_request, SignedHeaders=", authorization);
    }

    [Fact]
    public async Task StreamPrefixAndFilterPatternAreSent()
    {
        Put("web-1", Ago(60), "web");
        Put("db-1", Ago(60), "db");
        var source = CreateSource(o => (o.LogStreamNamePrefix, o.FilterPattern) = ("web-", "ERROR"));

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(["web"], result.Events.Texts());
        Assert.Equal("ERROR", _logs.Requests.First().Body["filterPattern"]!.GetValue<string>());
    }

    [Fact]
    public async Task EventsInSameMillisecondAcrossPagesDeliveredOnce()
    {
        var ms = Ago(60);
        for (var i = 0; i < 10; i++)
        {
            Put($"s{i % 3}", ms, $"same {i}");
        }

        var source = CreateSource(o => o.PageSize = 3);

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(10, result.Events.Count);
        Assert.Equal(10, result.Events.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task EmptyPagesWithRepeatedTokenKeepPaging()
    {
        Put("web-1", Ago(60), "after empty pages");
        _logs.EmptyPagesBeforeData = 4;
        _logs.RepeatTokenOnEmptyPages = true;
        var source = CreateSource();

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(["after empty pages"], result.Events.Texts());
        Assert.True(result.Skipped[SkipReasons.RepeatedNextToken] >= 1);
    }

    [Fact]
    public async Task EndlessEmptyPagesStopAtPageCap()
    {
        Put("web-1", Ago(60), "behind endless empty pages");
        _logs.EmptyPagesBeforeData = 1000;
        var source = CreateSource(o => o.MaxPagesPerPoll = 5);

        var first = await source.ReadAsync(null, 100, CancellationToken.None);
        _logs.EmptyPagesBeforeData = 0;
        var second = await SourceReading.ReadAllAsync(source, first.NextCursor);

        Assert.Empty(first.Events);
        Assert.True(first.HasMore);
        Assert.Equal(["behind endless empty pages"], second.Events.Texts());
    }

    [Fact]
    public async Task LateEventInsideOverlapDeliveredOnceOnNextPoll()
    {
        Put("web-1", Ago(60), "on time");
        var source = CreateSource();
        var first = await SourceReading.ReadAllAsync(source, null);
        _logs.Put(Group, "web-2", Ago(90), NowMs, "ingested late");
        _clock.Advance(TimeSpan.FromSeconds(10));

        var second = await SourceReading.ReadAllAsync(source, first.Cursor);

        Assert.Equal(["on time"], first.Events.Texts());
        Assert.Equal(["ingested late"], second.Events.Texts());
    }

    [Fact]
    public async Task IngestionLagBeyondOverlapIsCountedAndWidensOverlap()
    {
        Put("web-1", Ago(20 * 60), "twenty minutes late", lagMs: 19 * 60 * 1000);
        var source = CreateSource();

        var first = await SourceReading.ReadAllAsync(source, null);
        _clock.Advance(TimeSpan.FromSeconds(10));
        await SourceReading.ReadAllAsync(source, first.Cursor);

        Assert.Equal(1, first.Skipped[SkipReasons.LateBeyondOverlap]);
        var lastStart = _logs.Requests.Last().Body["startTime"]!.GetValue<long>();
        Assert.True(NowMs - lastStart >= 38 * 60 * 1000, $"the overlap should cover twice the observed lag, but started {NowMs - lastStart} ms back");
    }

    [Fact]
    public async Task ThrottlingFailsPollWithoutGap()
    {
        Put("web-1", Ago(100), "a");
        var source = CreateSource();
        var first = await SourceReading.ReadAllAsync(source, null);
        Put("web-1", Ago(50), "b");
        _clock.Advance(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 5; i++)
        {
            _logs.ScriptedErrors.Enqueue((400, "ThrottlingException", "Rate exceeded"));
        }

        var error = await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync(first.Cursor, 100, CancellationToken.None));
        while (_logs.ScriptedErrors.TryDequeue(out _))
        {
        }

        var retry = await SourceReading.ReadAllAsync(source, first.Cursor);

        Assert.True(error.IsTransient);
        Assert.Contains("ThrottlingException", error.Message);
        Assert.Equal(["b"], retry.Events.Texts());
    }

    [Fact]
    public async Task MissingLogGroupIsTransientAndKeepsCursor()
    {
        var source = CreateSource(o => o.LogGroupName = "/not/created/yet");

        var error = await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync(null, 100, CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.Contains("ResourceNotFoundException", error.Message);
    }

    [Fact]
    public async Task InvalidParameterIsConfigurationError()
    {
        _logs.ScriptedErrors.Enqueue((400, "InvalidParameterException", "1 validation error detected"));
        var source = CreateSource();

        var error = await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync(null, 100, CancellationToken.None));

        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task OmittedMembersMeanEmptyLastPage()
    {
        var source = CreateSource();

        var result = await source.ReadAsync(null, 100, CancellationToken.None);

        Assert.Empty(result.Events);
        Assert.False(result.HasMore);
    }

    [Fact]
    public async Task FutureEventWaitsAndCursorStaysBelowNow()
    {
        Put("web-1", NowMs + (60 * 60 * 1000), "an hour ahead");
        Put("web-1", Ago(60), "now");
        var source = CreateSource();

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(["now"], result.Events.Texts());
        using var cursor = JsonDocument.Parse(result.Cursor!);
        Assert.True(cursor.RootElement.GetProperty("ms").GetInt64() <= NowMs);
    }

    [Fact]
    public async Task CapAndCrashReplayDeliverOnce()
    {
        for (var i = 0; i < 12; i++)
        {
            Put($"s{i % 2}", Ago(100) + (i / 3), $"event {i:D2}");
        }

        var source = CreateSource(o => o.PageSize = 4);

        var first = await source.ReadAsync(null, 5, CancellationToken.None);
        var dropped = await source.ReadAsync(first.NextCursor, 5, CancellationToken.None);
        var replay = await source.ReadAsync(first.NextCursor, 5, CancellationToken.None);
        var rest = await SourceReading.ReadAllAsync(source, replay.NextCursor, maxEvents: 5);

        Assert.True(first.HasMore);
        Assert.Equal(dropped.Events.Select(e => e.Id), replay.Events.Select(e => e.Id));
        var delivered = first.Events.Concat(replay.Events).Concat(rest.Events).Texts();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"event {i:D2}"), delivered);
    }

    [Theory]
    [InlineData(200, "<html><body>Service Unavailable</body></html>")]
    [InlineData(200, "{\"events\":[{\"logStreamName\":\"s\",\"timestamp\":1}]}")]
    [InlineData(200, "{\"events\":{}}")]
    public async Task MalformedResponseThrows(int status, string body)
    {
        await using var broken = await FakeHttpServer.StartAsync(async context =>
        {
            context.Response.StatusCode = status;
            await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(context.Response, body);
        });
        var source = CreateSource(o => o.ServiceUrl = broken.BaseAddress.ToString());

        var error = await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync(null, 100, CancellationToken.None));

        Assert.Contains("malformed", error.Message);
    }

    [Fact]
    public async Task SessionTokenIsSentAndSigned()
    {
        var source = CreateSource(o => o.SessionToken = "session-token-value");

        await source.ReadAsync(null, 10, CancellationToken.None);

        var headers = _logs.Requests.First().Headers;
        Assert.Equal("session-token-value", headers["X-Amz-Security-Token"]);
        Assert.Contains("x-amz-security-token", headers["Authorization"]);
    }

    [Fact]
    public void DefaultEndpointIsDerivedFromRegion()
    {
        var options = new CloudWatchSourceOptions { Region = "eu-west-1", LogGroupName = Group };

        var endpoint = CloudWatchClient.ResolveEndpoint(options);

        Assert.Equal(new Uri("https://logs.eu-west-1.amazonaws.com/"), endpoint);
    }

    [Fact]
    public void SignerMatchesPublishedSignatureV4TestVector()
    {
        // The "get-vanilla" case of the AWS Signature Version 4 test suite. Only the signature is computed.
        var credentials = new ImmutableCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
        var signedAt = new DateTime(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);

        var headers = AwsRequestSigner.Sign("GET", new Uri("https://example.amazonaws.com/"), new Dictionary<string, string>(), [], credentials, "us-east-1", "service", signedAt);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            headers["Authorization"]);
    }
}
