using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Analysis;
using OrleansAgent.Grains.Analysis.Ai;
using OrleansAgent.Grains.Analysis.Budget;
using OrleansAgent.Grains.Interfaces;
using OrleansAgent.Grains.Interfaces.Analysis;
using Orleans.TestingHost;

namespace OrleansAgent.Tests.Analysis;

public sealed class AiBudgetClusterTests : IAsyncLifetime
{
    private const int MaxCallsPerHour = 7;

    private InProcessTestCluster _cluster = null!;
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage("agent");
            silo.Services.TryAddSingleton(TimeProvider.System);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        _server = await FakeOpenAiServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task BurstFromTwoSilosNeverExceedsSharedBudget()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Agent:Ai:MaxCallsPerHour"] = MaxCallsPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Agent:Ai:MaxSignalsPerCall"] = "1",
        };
        using var first = AiAnalyzerHarness.Create(_server, settings, BudgetOnSilo(0));
        using var second = AiAnalyzerHarness.Create(_server, settings, BudgetOnSilo(1));
        var signals = TestSignals.Distinct(1_000);

        var results = await Task.WhenAll(
            first.Analyzer.AnalyzeAsync([.. signals.Take(500)], CancellationToken.None),
            second.Analyzer.AnalyzeAsync([.. signals.Skip(500)], CancellationToken.None));
        var findings = results.SelectMany(batch => batch).ToList();

        Assert.Equal(MaxCallsPerHour, _server.RequestCount);
        Assert.Equal(1_000, findings.Count);
        Assert.Equal(MaxCallsPerHour, findings.Count(finding => !finding.IsDeterministic));
        Assert.Equal(1_000 - MaxCallsPerHour, findings.Count(finding => finding.FallbackReason == FallbackReasons.BudgetExhausted));
    }

    [Fact]
    public async Task BudgetSharedAcrossSilosAndPersisted()
    {
        var limits = new AiBudgetLimits(MaxCallsPerHour, 10_000);
        var fromFirst = GrainFactory(0).GetGrain<IAiBudgetGrain>(GrainKeys.Cluster);
        var fromSecond = GrainFactory(1).GetGrain<IAiBudgetGrain>(GrainKeys.Cluster);
        var lease = await fromFirst.TryAcquireAsync(500, limits);
        await fromSecond.TryAcquireAsync(300, limits);
        await fromSecond.RecordUsageAsync(lease!, 100);

        await _cluster.DeactivateAsync(fromFirst);
        var status = await fromSecond.GetStatusAsync();

        Assert.Equal(2, status.CallsLastHour);
        Assert.Equal(MaxCallsPerHour - 2, status.CallsLeft);
        Assert.Equal(400, status.TokensToday);
        Assert.Equal(9_600, status.TokensLeft);
    }

    private IGrainFactory GrainFactory(int silo) => _cluster.Silos[silo].ServiceProvider.GetRequiredService<IGrainFactory>();

    private Func<IServiceProvider, IAiBudget> BudgetOnSilo(int silo) =>
        provider => new GrainAiBudget(GrainFactory(silo), provider.GetRequiredService<IOptions<AiAnalyzerOptions>>());
}
