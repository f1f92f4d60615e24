using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansAgent.Grains.Sources;
using OrleansAgent.Grains.Sources.Loki;
using OrleansAgent.Tests.Sources.Files;

namespace OrleansAgent.Tests.Sources.Loki;

public sealed class LokiLogSourceTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Api = new() { ["app"] = "api" };
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web" };

    private readonly ManualTimeProvider _clock = new();
    private readonly HttpClient _http = new();
    private FakeLoki _loki = null!;

    public async Task InitializeAsync() => _loki = await FakeLoki.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _loki.DisposeAsync();
    }

    private long NowNs => LokiLogSource.ToNanoseconds(_clock.GetUtcNow());

    /// <summary>A timestamp <paramref name="secondsAgo"/> before now, plus <paramref name="extraNs"/>.</summary>
    private long Ago(double secondsAgo, long extraNs = 0) => NowNs - (long)(secondsAgo * 1e9) + extraNs;

    private LokiLogSource CreateSource(Action<LokiSourceOptions>? configure = null)
    {
        var options = new LokiSourceOptions
        {
            Url = _loki.BaseAddress.ToString(),
            Query = "{app=~\".+\"}",
            Overlap = TimeSpan.FromMinutes(5),
            SettleDelay = TimeSpan.FromSeconds(2),
            PageSize = 100,
        };
        configure?.Invoke(options);
        return new LokiLogSource("loki", options, _http, _clock, NullLogger<LokiLogSource>.Instance);
    }

    [Fact]
    public async Task ReadsLinesInTimeOrderAcrossStreamsWithLabels()
    {
        _loki.Push(Api, Ago(30), "api 1");
        _loki.Push(Web, Ago(20), "web 1");
        _loki.Push(Api, Ago(10), "api 2");
        var source = CreateSource(o => o.Query = "{}");

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(["api 1", "web 1", "api 2"], result.Events.Texts());
        Assert.Equal("web", result.Events[1].Fields["app"]);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(-20), result.Events[1].Timestamp);
    }

    [Fact]
    public async Task SelectorIsSentAndForwardDirectionRequested()
    {
        _loki.Push(Api, Ago(30), "api");
        _loki.Push(Web, Ago(20), "web");
        var source = CreateSource(o => o.Query = "{app=\"web\"}");

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(["web"], result.Events.Texts());
        Assert.All(_loki.Requests, q => Assert.Equal("forward", q["direction"]));
    }

    [Fact]
    public async Task LinesSharingNanosecondAcrossPageLimitDeliveredOnce()
    {
        var ns = Ago(30);
        for (var i = 0; i < 3; i++)
        {
            _loki.Push(Api, ns - 1000, $"before {i}");
        }

        for (var i = 0; i < 7; i++)
        {
            _loki.Push(Api, ns, $"same {i}");
        }

        var source = CreateSource(o => o.PageSize = 5);

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(10, result.Events.Count);
        Assert.Equal(10, result.Events.Select(e => e.Text).Distinct().Count());
    }

    [Fact]
    public async Task OverfullNanosecondFailsPoll()
    {
        for (var i = 0; i < 6; i++)
        {
            _loki.Push(Api, Ago(30), $"same {i}");
        }

        var source = CreateSource(o => (o.PageSize, o.MaxPageSize) = (5, 5));

        var error = await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync(null, 100, CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Contains("MaxPageSize", error.Message);
    }

    [Fact]
    public async Task LateLineInsideOverlapDeliveredOnceOnNextPoll()
    {
        _loki.Push(Api, Ago(60), "early");
        _loki.Push(Api, Ago(10), "newest");
        var source = CreateSource();
        var first = await SourceReading.ReadAllAsync(source, null);
        _loki.Push(Web, Ago(40), "late from another stream");
        _clock.Advance(TimeSpan.FromSeconds(5));

        var second = await SourceReading.ReadAllAsync(source, first.Cursor);

        Assert.Equal(["early", "newest"], first.Events.Texts());
        Assert.Equal(["late from another stream"], second.Events.Texts());
    }

    [Fact]
    public async Task IdenticalLinesInTwoStreamsKept()
    {
        var ns = Ago(30);
        _loki.Push(Api, ns, "same text");
        _loki.Push(Web, ns, "same text");
        var source = CreateSource();

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(2, result.Events.Count);
        Assert.NotEqual(result.Events[0].Id, result.Events[1].Id);
    }

    [Fact]
    public async Task QueryEndIsExclusive()
    {
        var source = CreateSource(o => o.SettleDelay = TimeSpan.FromSeconds(2));
        _loki.Push(Api, Ago(2), "exactly at end");
        _loki.Push(Api, Ago(2, -1), "one ns before end");

        var first = await SourceReading.ReadAllAsync(source, null);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = await SourceReading.ReadAllAsync(source, first.Cursor);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var third = await SourceReading.ReadAllAsync(source, second.Cursor);

        Assert.Equal(["one ns before end"], first.Events.Texts());
        Assert.Equal(["exactly at end"], second.Events.Texts());
        Assert.Empty(third.Events);
    }

    [Fact]
    public async Task CategorizedLabelsKeepMetadataAndSameDedupKey()
    {
        var metadata = new Dictionary<string, string> { ["trace_id"] = "abc" };
        _loki.Push(Api, Ago(30), "with metadata", metadata);
        var source = CreateSource();
        var plain = await SourceReading.ReadAllAsync(source, null);
        _loki.CategorizeLabels = true;
        _clock.Advance(TimeSpan.FromSeconds(1));

        var categorized = await SourceReading.ReadAllAsync(source, plain.Cursor);
        var fresh = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal("abc", plain.Events[0].Fields["trace_id"]);
        Assert.Empty(categorized.Events);
        Assert.Equal(plain.Events[0].Id, fresh.Events[0].Id);
        Assert.Equal("abc", fresh.Events[0].Fields["trace_id"]);
    }

    [Fact]
    public async Task LimitErrorIsNotTransientAndNamesSetting()
    {
        var source = CreateSource(o => (o.PageSize, o.MaxPageSize) = (6000, 6000));

        var error = await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync(null, 100, CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Contains("max_entries_limit_per_query", error.Message);
        Assert.Contains("Loki:PageSize", error.Message);
    }

    [Fact]
    public async Task TooManyRequestsIsTransientWithRetryAfter()
    {
        _loki.ScriptedErrors.Enqueue((429, "too many outstanding requests", "7"));
        var source = CreateSource();

        var error = await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync(null, 100, CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [Fact]
    public async Task GatewayTimeoutIsTransient()
    {
        _loki.Push(Api, Ago(100), "a");
        var source = CreateSource();
        var first = await SourceReading.ReadAllAsync(source, null);
        _loki.Push(Api, Ago(50), "b");
        _clock.Advance(TimeSpan.FromSeconds(1));
        _loki.ScriptedErrors.Enqueue((504, "request timed out, decrease the duration of the request or add more label matchers", null));

        var error = await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync(first.Cursor, 100, CancellationToken.None));
        var retry = await SourceReading.ReadAllAsync(source, first.Cursor);

        Assert.True(error.IsTransient);
        Assert.Equal(["b"], retry.Events.Texts());
    }

    [Fact]
    public async Task LongOutageWalksRangeInChunks()
    {
        _loki.MaxQueryLength = TimeSpan.FromHours(1);
        var source = CreateSource(o => o.MaxQueryRange = TimeSpan.FromHours(1));
        var first = await SourceReading.ReadAllAsync(source, null);
        for (var hour = 0; hour < 5; hour++)
        {
            _loki.Push(Api, NowNs + LokiLogSource.ToNanoseconds(TimeSpan.FromMinutes(30 + (60 * hour))), $"hour {hour}");
        }

        _clock.Advance(TimeSpan.FromHours(6));
        var after = await SourceReading.ReadAllAsync(source, first.Cursor);

        Assert.Equal(Enumerable.Range(0, 5).Select(h => $"hour {h}"), after.Events.Texts());
    }

    [Fact]
    public async Task QueryRangeBeyondServerLimitIsConfigurationError()
    {
        _loki.MaxQueryLength = TimeSpan.FromMinutes(30);
        var source = CreateSource();

        var error = await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync(null, 100, CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Contains("Loki:MaxQueryRange", error.Message);
    }

    [Fact]
    public async Task TenantHeaderRequiredAndSent()
    {
        _loki.RequiredTenant = "team-a";
        _loki.Push(Api, Ago(10), "tenant line");

        var error = await Assert.ThrowsAsync<LogSourceException>(() => CreateSource().ReadAsync(null, 100, CancellationToken.None));
        var result = await SourceReading.ReadAllAsync(CreateSource(o => o.TenantId = "team-a"), null);

        Assert.False(error.IsTransient);
        Assert.Contains("Loki:TenantId", error.Message);
        Assert.Equal(["tenant line"], result.Events.Texts());
    }

    [Fact]
    public async Task FutureDatedLineWaitsAndCursorStaysBelowNow()
    {
        _loki.Push(Api, NowNs + LokiLogSource.ToNanoseconds(TimeSpan.FromHours(1)), "from the future");
        _loki.Push(Api, Ago(10), "now");
        var source = CreateSource();

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(["now"], result.Events.Texts());
        Assert.True(CursorNs(result.Cursor) <= NowNs);
    }

    [Fact]
    public async Task CursorInFutureIsClampedToNow()
    {
        var future = $"{{\"v\":1,\"ns\":{NowNs + LokiLogSource.ToNanoseconds(TimeSpan.FromDays(365))},\"seen\":[]}}";
        _loki.Push(Api, Ago(10), "recent");
        var source = CreateSource();

        var result = await SourceReading.ReadAllAsync(source, future);

        Assert.Equal(["recent"], result.Events.Texts());
        Assert.True(CursorNs(result.Cursor) <= NowNs);
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("bearer")]
    public async Task AuthorizationHeaderIsSent(string scheme)
    {
        var source = CreateSource(o =>
        {
            if (scheme == "basic")
            {
                (o.Username, o.Password) = ("reader", "s3cret");
            }
            else
            {
                o.BearerToken = "token-123";
            }
        });

        await source.ReadAsync(null, 10, CancellationToken.None);

        var header = _loki.RequestHeaders.Single()["Authorization"];
        var expected = scheme == "basic" ? "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("reader:s3cret")) : "Bearer token-123";
        Assert.Equal(expected, header);
    }

    [Theory]
    [InlineData("<html><body><h1>502 Bad Gateway</h1></body></html>")]
    [InlineData("{\"status\":\"success\",\"data\":{\"resultType\":\"streams\"}}")]
    [InlineData("{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":[{\"stream\":{},\"values\":[[\"abc\",\"x\"]]}]}}")]
    [InlineData("{\"status\":\"error\"}")]
    public async Task MalformedResponseThrowsAndCursorIsKept(string body)
    {
        _loki.Push(Api, Ago(10), "kept");
        _loki.RawBodyOverride = body;
        var source = CreateSource();

        var error = await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync(null, 10, CancellationToken.None));
        var retry = await SourceReading.ReadAllAsync(source, null);

        Assert.Contains("malformed", error.Message);
        Assert.Equal(["kept"], retry.Events.Texts());
    }

    [Fact]
    public async Task TenMegabyteLineIsTruncatedAndCounted()
    {
        _loki.Push(Api, Ago(10), new string('z', 10 * 1024 * 1024));
        var source = CreateSource();

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.StartsWith("zzz", result.Events[0].Text);
        Assert.True(Encoding.UTF8.GetByteCount(result.Events[0].Text) < 300 * 1024);
        Assert.Equal(1, result.Skipped[SkipReasons.LineTruncated]);
    }

    [Fact]
    public async Task CapAndCrashReplayDeliverOnce()
    {
        var ns = Ago(30);
        for (var i = 0; i < 12; i++)
        {
            // Pairs of lines share a nanosecond, so caps fall inside a shared timestamp.
            _loki.Push(i % 2 == 0 ? Api : Web, ns + (i / 2), $"line {i:D2}");
        }

        var source = CreateSource(o => o.PageSize = 4);

        var first = await source.ReadAsync(null, 5, CancellationToken.None);
        var dropped = await source.ReadAsync(first.NextCursor, 5, CancellationToken.None);
        var replay = await source.ReadAsync(first.NextCursor, 5, CancellationToken.None);
        var rest = await SourceReading.ReadAllAsync(source, replay.NextCursor, maxEvents: 5);

        Assert.True(first.HasMore);
        Assert.Equal(dropped.Events.Select(e => e.Id), replay.Events.Select(e => e.Id));
        var delivered = first.Events.Concat(replay.Events).Concat(rest.Events).Texts();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"line {i:D2}").Order(), delivered.Order());
        Assert.Equal(12, delivered.Count);
    }

    private static long CursorNs(string? cursor)
    {
        using var document = System.Text.Json.JsonDocument.Parse(cursor!);
        return document.RootElement.GetProperty("ns").GetInt64();
    }
}
