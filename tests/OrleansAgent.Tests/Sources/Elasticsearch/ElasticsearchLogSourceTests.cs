using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansAgent.Grains.Sources;
using OrleansAgent.Grains.Sources.Elasticsearch;
using OrleansAgent.Tests.Sources.Files;

namespace OrleansAgent.Tests.Sources.Elasticsearch;

public sealed class ElasticsearchLogSourceTests : IAsyncLifetime
{
    private const string ShardFailure = """
        {"took":3,"timed_out":false,"_shards":{"total":5,"successful":4,"skipped":0,"failed":1,
         "failures":[{"shard":2,"index":"logs-a","node":"n1Xy","reason":{"type":"es_rejected_execution_exception","reason":"rejected execution of search on queue capacity = 1000"}}]},
         "hits":{"max_score":null,"hits":[]}}
        """;

    private readonly ManualTimeProvider _clock = new();
    private FakeElasticsearch _es = null!;

    public async Task InitializeAsync() => _es = await FakeElasticsearch.StartAsync();

    public async Task DisposeAsync() => await _es.DisposeAsync();

    private long NowNs => (_clock.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    private long Ago(double seconds) => NowNs - (long)(seconds * 1e9);

    private ILogSource CreateSource(Action<ElasticsearchSourceOptions>? configure = null, string type = "elasticsearch")
    {
        var options = new ElasticsearchSourceOptions
        {
            Url = _es.BaseAddress.ToString(),
            Index = "logs-*",
            Overlap = TimeSpan.FromMinutes(5),
            SettleDelay = TimeSpan.FromSeconds(30),
            PageSize = 100,
        };
        configure?.Invoke(options);
        var source = new SourceOptions { Name = "es", Type = type, Elasticsearch = options };
        return LogSourceFactory.Create(source, null!, NullLoggerFactory.Instance, _clock);
    }

    [Fact]
    public async Task ReadsInTimeOrderAndClosesPit()
    {
        _es.Add("logs-a", "2", Ago(100), new { message = "second" });
        _es.Add("logs-b", "1", Ago(200), new { message = "first" });
        _es.Add("other", "3", Ago(150), new { message = "other index" });
        var source = CreateSource();

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(["first", "second"], result.Events.Texts());
        Assert.Equal("logs-b", result.Events[0].Fields["index"]);
        Assert.Equal("logs-b/1", result.Events[0].Id);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(-200), result.Events[0].Timestamp);
        Assert.Equal(0, _es.OpenPitCount);
    }

    [Fact]
    public async Task EqualTimestampsSplitAcrossPagesDeliveredOnce()
    {
        var ns = Ago(100);
        for (var i = 0; i < 10; i++)
        {
            _es.Add(i % 2 == 0 ? "logs-a" : "logs-b", $"d{i}", ns, new { message = $"same {i}" });
        }

        var source = CreateSource(o => o.PageSize = 3);

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(10, result.Events.Count);
        Assert.Equal(10, result.Events.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task LateDocumentInsideOverlapDeliveredOnceOnNextPoll()
    {
        _es.Add("logs-a", "1", Ago(100), new { message = "on time" });
        var source = CreateSource();
        var first = await SourceReading.ReadAllAsync(source, null);
        _es.Add("logs-a", "late", Ago(120), new { message = "indexed late" });
        _clock.Advance(TimeSpan.FromSeconds(10));

        var second = await SourceReading.ReadAllAsync(source, first.Cursor);

        Assert.Equal(["on time"], first.Events.Texts());
        Assert.Equal(["indexed late"], second.Events.Texts());
    }

    [Fact]
    public async Task SameIdInTwoIndicesIsTwoEvents()
    {
        _es.Add("logs-a", "same", Ago(100), new { message = "a" });
        _es.Add("logs-b", "same", Ago(100), new { message = "b" });
        var source = CreateSource();

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(2, result.Events.Count);
    }

    [Fact]
    public async Task ShardFailureFailsPoll()
    {
        _es.Add("logs-a", "1", Ago(100), new { message = "kept" });
        _es.ScriptedSearchResponses.Enqueue((200, ShardFailure, null));
        var source = CreateSource();

        var error = await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync(null, 100, CancellationToken.None));
        var retry = await SourceReading.ReadAllAsync(source, null);

        Assert.True(error.IsTransient);
        Assert.Contains("es_rejected_execution_exception", error.Message);
        Assert.Equal(["kept"], retry.Events.Texts());
        Assert.Equal(0, _es.OpenPitCount);
    }

    [Fact]
    public async Task TimedOutResponseFailsPoll()
    {
        _es.ScriptedSearchResponses.Enqueue((200, """{"took":30000,"timed_out":true,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},"hits":{"hits":[]}}""", null));
        var source = CreateSource();

        var error = await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync(null, 100, CancellationToken.None));

        Assert.Contains("timed_out", error.Message);
    }

    [Fact]
    public async Task ThrottlingIsTransientThenSucceeds()
    {
        _es.Add("logs-a", "1", Ago(100), new { message = "after throttling" });
        _es.ScriptedSearchResponses.Enqueue((429, """{"error":{"root_cause":[{"type":"es_rejected_execution_exception","reason":"rejected execution"}],"type":"es_rejected_execution_exception","reason":"rejected execution"},"status":429}""", "3"));
        var source = CreateSource();

        var error = await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync(null, 100, CancellationToken.None));
        var retry = await SourceReading.ReadAllAsync(source, null);

        Assert.True(error.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
        Assert.Equal(["after throttling"], retry.Events.Texts());
    }

    [Fact]
    public async Task AllShardsFailedServiceUnavailableIsTransient()
    {
        _es.ScriptedSearchResponses.Enqueue((503, """{"error":{"root_cause":[],"type":"search_phase_execution_exception","reason":"all shards failed","phase":"query","grouped":true,"failed_shards":[]},"status":503}""", null));
        var source = CreateSource();

        var error = await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync(null, 100, CancellationToken.None));

        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task BadRequestIsConfigurationError()
    {
        _es.ScriptedSearchResponses.Enqueue((400, """{"error":{"root_cause":[{"type":"query_shard_exception","reason":"No mapping found for [ts] in order to sort on"}],"type":"search_phase_execution_exception","reason":"all shards failed"},"status":400}""", null));
        var source = CreateSource();

        var error = await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync(null, 100, CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Contains("No mapping found", error.Message);
    }

    [Fact]
    public async Task MissingIndexVersusEmptyWildcard()
    {
        var concrete = CreateSource(o => o.Index = "logs-missing");
        var wildcard = CreateSource(o => o.Index = "nothing-*");

        var error = await Assert.ThrowsAsync<LogSourceException>(() => concrete.ReadAsync(null, 100, CancellationToken.None));
        var empty = await wildcard.ReadAsync(null, 100, CancellationToken.None);

        Assert.False(error.IsTransient);
        Assert.Contains("index_not_found_exception", error.Message);
        Assert.Empty(empty.Events);
    }

    [Fact]
    public async Task ExpiredPitMidPollIsTransient()
    {
        for (var i = 0; i < 5; i++)
        {
            _es.Add("logs-a", $"{i}", Ago(100 - i), new { message = $"doc {i}" });
        }

        _es.ScriptedSearchResponses.Enqueue(null);
        _es.ScriptedSearchResponses.Enqueue((404, """{"error":{"root_cause":[{"type":"search_context_missing_exception","reason":"No search context found for id [1]"}],"type":"search_context_missing_exception","reason":"No search context found"},"status":404}""", null));
        var source = CreateSource(o => o.PageSize = 2);

        var error = await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync(null, 100, CancellationToken.None));
        var retry = await SourceReading.ReadAllAsync(source, null);

        Assert.True(error.IsTransient);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"doc {i}"), retry.Events.Texts());
    }

    [Fact]
    public async Task RotatedPitIdIsFollowedBetweenPages()
    {
        _es.RotatePitIds = true;
        for (var i = 0; i < 5; i++)
        {
            _es.Add("logs-a", $"{i}", Ago(100 - i), new { message = $"doc {i}" });
        }

        var source = CreateSource(o => o.PageSize = 2);

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(5, result.Events.Count);
    }

    [Fact]
    public async Task NanosecondTimestampsKeepPrecisionInCursor()
    {
        var ns = Ago(100) + 123_456_789;
        _es.Add("logs-a", "1", ns, new { message = "a" });
        _es.Add("logs-a", "2", ns + 1, new { message = "b" });
        var source = CreateSource();

        var first = await source.ReadAsync(null, 1, CancellationToken.None);

        using var cursor = JsonDocument.Parse(first.NextCursor!);
        Assert.Equal(ns, cursor.RootElement.GetProperty("ns").GetInt64());
        var search = _es.Requests.Last(r => r.Path == "/_search").Body;
        Assert.Contains("\"numeric_type\":\"date_nanos\"", search);
    }

    [Fact]
    public async Task FutureDocumentWaitsForClock()
    {
        _es.Add("logs-a", "future", new DateTimeOffset(2048, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000, new { message = "2048" });
        _es.Add("logs-a", "now", Ago(100), new { message = "current" });
        var source = CreateSource();

        var first = await SourceReading.ReadAllAsync(source, null);
        _clock.Advance(TimeSpan.FromMinutes(1));
        _es.Add("logs-a", "next", Ago(40), new { message = "still flowing" });
        var second = await SourceReading.ReadAllAsync(source, first.Cursor);

        Assert.Equal(["current"], first.Events.Texts());
        Assert.Equal(["still flowing"], second.Events.Texts());
        using var cursor = JsonDocument.Parse(second.Cursor!);
        Assert.True(cursor.RootElement.GetProperty("ns").GetInt64() <= NowNs);
    }

    [Fact]
    public async Task FutureCursorIsClampedToNow()
    {
        _es.Add("logs-a", "1", Ago(100), new { message = "recent" });
        var source = CreateSource();
        var future = $"{{\"v\":1,\"ns\":{NowNs + 3_600_000_000_000_000},\"seen\":[]}}";

        var result = await SourceReading.ReadAllAsync(source, future);

        Assert.Equal(["recent"], result.Events.Texts());
    }

    [Fact]
    public async Task CapAndCrashReplayDeliverOnce()
    {
        for (var i = 0; i < 12; i++)
        {
            _es.Add("logs-a", $"d{i:D2}", Ago(100) + (i / 3), new { message = $"doc {i:D2}" });
        }

        var source = CreateSource(o => o.PageSize = 4);

        var first = await source.ReadAsync(null, 5, CancellationToken.None);
        var dropped = await source.ReadAsync(first.NextCursor, 5, CancellationToken.None);
        var replay = await source.ReadAsync(first.NextCursor, 5, CancellationToken.None);
        var rest = await SourceReading.ReadAllAsync(source, replay.NextCursor, maxEvents: 5);

        Assert.True(first.HasMore);
        Assert.Equal(dropped.Events.Select(e => e.Id), replay.Events.Select(e => e.Id));
        var delivered = first.Events.Concat(replay.Events).Concat(rest.Events).Texts();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"doc {i:D2}"), delivered);
    }

    [Theory]
    [InlineData("apikey")]
    [InlineData("basic")]
    public async Task AuthorizationHeaderIsSent(string scheme)
    {
        var source = CreateSource(o =>
        {
            if (scheme == "apikey")
            {
                o.ApiKey = "aWQ6a2V5";
            }
            else
            {
                (o.Username, o.Password) = ("elastic", "changeme");
            }
        });

        await source.ReadAsync(null, 10, CancellationToken.None);

        var header = _es.Requests.First().Headers["Authorization"];
        var expected = scheme == "apikey" ? "ApiKey aWQ6a2V5" : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("elastic:changeme"));
        Assert.Equal(expected, header);
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("{\"took\":1,\"timed_out\":false}")]
    [InlineData("{\"hits\":{\"hits\":[{\"_index\":\"logs-a\",\"_id\":\"1\",\"sort\":[\"not a number\"]}]}}")]
    public async Task MalformedResponseThrowsAndRetryLosesNothing(string body)
    {
        _es.Add("logs-a", "1", Ago(100), new { message = "kept" });
        _es.ScriptedSearchResponses.Enqueue((200, body, null));
        var source = CreateSource();

        var error = await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync(null, 10, CancellationToken.None));
        var retry = await SourceReading.ReadAllAsync(source, null);

        Assert.Contains("malformed", error.Message);
        Assert.Equal(["kept"], retry.Events.Texts());
    }

    [Fact]
    public async Task NestedMessageFieldAndMissingMessageHandled()
    {
        _es.Add("logs-a", "1", Ago(100), new { log = new { message = "nested" } });
        _es.Add("logs-a", "2", Ago(90), new { other = "no message" });
        var source = CreateSource(o => o.MessageField = "log.message");

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal("nested", result.Events[0].Text);
        Assert.Equal("{\"other\":\"no message\"}", result.Events[1].Text);
        Assert.Equal(1, result.Skipped[SkipReasons.MessageFieldMissing]);
    }

    [Fact]
    public async Task QueryFilterIsApplied()
    {
        _es.Add("logs-a", "1", Ago(100), new { message = "api", service = "api" });
        _es.Add("logs-a", "2", Ago(90), new { message = "web", service = "web" });
        var source = CreateSource(o => o.QueryFilter = """{"term":{"service":"web"}}""");

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(["web"], result.Events.Texts());
    }

    [Fact]
    public async Task OpenSearchTypeReadsServerWithoutProductHeader()
    {
        _es.SendProductHeader = false;
        _es.Add("logs-a", "1", Ago(100), new { message = "from opensearch" });

        var opensearch = await SourceReading.ReadAllAsync(CreateSource(type: "opensearch"), null);

        Assert.Equal(["from opensearch"], opensearch.Events.Texts());
    }
}
