using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansAgent.Grains.Analysis.Ai;

namespace OrleansAgent.Tests.Analysis;

public sealed class AiAnalyzerMetricsTests : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, long> _totals = new();
    private readonly MeterListener _listener = new();
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task MeterReportsCallsTokensCacheAndFallbacks()
    {
        using var harness = AiAnalyzerHarness.Create(_server);
        Listen(harness.MeterFactory);
        _server.Responder = (request, number) => number == 1
            ? FakeReply.Completion(FakeOpenAiServer.ModelLikeAnswer(request), promptTokens: 200, completionTokens: 40)
            : FakeReply.Error(400, "invalid_request_error", "Bad request.");

        await harness.Analyzer.AnalyzeAsync([TestSignals.Create(patternId: "m-1")], CancellationToken.None);
        await harness.Analyzer.AnalyzeAsync([TestSignals.Create(patternId: "m-1"), TestSignals.Create(patternId: "m-2")], CancellationToken.None);

        Assert.Equal(2, Total("orleansagent.ai.calls"));
        Assert.Equal(1, Total("orleansagent.ai.failures"));
        Assert.Equal(1, Total("orleansagent.ai.fallbacks"));
        Assert.Equal(1, Total("orleansagent.ai.cache.hits"));
        Assert.Equal(2, Total("orleansagent.ai.cache.misses"));
        Assert.Equal(200, Total("orleansagent.ai.tokens.input"));
        Assert.Equal(40, Total("orleansagent.ai.tokens.output"));
    }

    [Fact]
    public async Task MeterReportsBudgetLeftAfterAnalysis()
    {
        using var harness = AiAnalyzerHarness.Create(_server, new Dictionary<string, string?> { ["Agent:Ai:MaxCallsPerHour"] = "5" });
        Listen(harness.MeterFactory);

        await harness.Analyzer.AnalyzeAsync([TestSignals.Create(patternId: "g-1"), TestSignals.Create(patternId: "g-2")], CancellationToken.None);
        _listener.RecordObservableInstruments();

        Assert.Equal(4, Total("orleansagent.ai.budget.calls_left"));
        Assert.Equal(200, Total("orleansagent.ai.budget.tokens_used"));
    }

    /// <summary>Listens to the meter of one harness only, because other tests create meters of the same name.</summary>
    private void Listen(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AiAnalyzerMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        _listener.Start();
    }

    private long Total(string instrument) => _totals.GetValueOrDefault(instrument);
}
