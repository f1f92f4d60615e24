using OrleansAgent.Grains.Interfaces.Modes;
using OrleansAgent.Grains.Interfaces.Signals;
using OrleansAgent.Grains.Interfaces.Sources;
using OrleansAgent.Silo.Sample;
using OrleansAgent.Tests.EndToEnd;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.Cluster;

/// <summary>
/// Several silos on one store: pollers spread over the silos, every grain has one activation, and a silo killed while
/// pollers run costs no line, counts none twice and opens no incident twice.
/// </summary>
public sealed class ClusterFailoverTests
{
    private const int Shards = 6;
    private const string NewErrorTemplate = "Payment provider call failed";
    private static readonly DateTimeOffset TrainingStart = SampleLog.Day.AddHours(12);
    private static readonly DateTimeOffset DetectStart = SampleLog.Day.AddHours(13.5);
    private static readonly DateTimeOffset DetectEnd = SampleLog.Day.AddHours(14);
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task PollersAndPatternsSpreadOverSilos()
    {
        using var directory = new TestDirectory();
        var logs = new ShardedLogs(directory, shards: 8);
        logs.Append(TrainingStart, TrainingStart.AddMinutes(20));
        await using var agent = await AgentTestCluster.StartAsync(logs.Settings(), silos: 3);

        await Task.WhenAll(logs.PollerKeys.Select(key => agent.PollToEndAsync(key)));
        var pollerHosts = await GrainPlacement.PollerHostsAsync(agent, logs.PollerKeys);
        var patterns = await agent.PatternsAsync();
        var patternHosts = await GrainPlacement.PatternHostsAsync(agent, patterns.Select(pattern => pattern.PatternId));

        Assert.True(pollerHosts.Count >= 2, $"All {logs.PollerKeys.Count} pollers are on one silo.");
        Assert.Equal(3, patternHosts.Count);
        Assert.Equal(logs.PollerKeys.Count, pollerHosts.Values.Sum());
        Assert.Equal(patterns.Count, patternHosts.Values.Sum());
        Assert.Equal(logs.LinesWritten, await agent.CountedLinesAsync());
    }

    [Fact]
    public Task KilledSiloLosesNoLineOrIncident() =>
        KillSiloWhilePollingAsync(ClusterStore.SharedGarnet, silos: 3);

    [RedisFact]
    public Task KilledSiloLosesNoLineOnRedis() =>
        KillSiloWhilePollingAsync(ClusterStore.ExternalRedis(useRedisClustering: false), silos: 3);

    [RedisFact]
    public Task KilledSiloLosesNoLineWithRedisClustering() =>
        KillSiloWhilePollingAsync(ClusterStore.ExternalRedis(useRedisClustering: true), silos: 2);

    private static async Task KillSiloWhilePollingAsync(ClusterStore store, short silos)
    {
        using var directory = new TestDirectory();
        var logs = new ShardedLogs(directory, Shards);
        logs.Append(TrainingStart, DetectStart);
        await using var agent = await AgentTestCluster.StartAsync(logs.Settings(), silos: silos, store: store);
        if (store.UseRedisClustering)
        {
            Assert.Equal(silos, await RedisMembership.ActiveSilosAsync(store.ConnectionString, agent.ServiceId, agent.ServiceId));
        }

        await Task.WhenAll(logs.PollerKeys.Select(key => agent.PollToEndAsync(key)));
        await agent.Grains.GetGrain<IModeGrain>(GrainKeys.Cluster).SetAsync(AgentMode.Detect, "test", "baseline learned");
        logs.Append(DetectStart, DetectEnd, new SampleFault(SampleFaults.NewError, DetectStart.AddMinutes(5), TimeSpan.FromMinutes(10)));
        var victim = await GrainPlacement.SiloHostingPollersAsync(agent, logs.PollerKeys);

        var polls = new PollCounter();
        var pollers = logs.PollerKeys.Select(key => PollThroughFailuresAsync(agent, key, polls)).ToList();
        await Eventually.WaitAsync(() => Task.FromResult(polls.Completed), completed => completed >= Shards);
        await agent.Cluster.KillSiloAsync(victim);
        await Task.WhenAll(pollers);
        var pollerHosts = await GrainPlacement.PollerHostsAsync(agent, logs.PollerKeys);
        foreach (var key in logs.PollerKeys)
        {
            // A signal lost on the killed silo's stream queue is republished by its inbox after 30 to 60 seconds.
            var pending = await Eventually.WaitAsync(
                () => agent.Grains.GetGrain<ISignalInboxGrain>(key).GetPendingCountAsync(), count => count == 0, SignalTimeout);
            Assert.True(pending == 0, $"Inbox {key} still holds {pending} unanalyzed signals.");
        }

        var newErrorPatterns = (await agent.PatternsAsync())
            .Where(pattern => pattern.Template.Contains(NewErrorTemplate, StringComparison.Ordinal))
            .Select(pattern => pattern.PatternId)
            .ToHashSet(StringComparer.Ordinal);
        var incidents = await Eventually.WaitAsync(
            agent.IncidentsAsync,
            found => found.Count(incident => newErrorPatterns.Contains(incident.PatternId)) >= Shards,
            SignalTimeout);

        Assert.DoesNotContain(victim.SiloAddress, pollerHosts.Keys);
        Assert.Equal(Shards, pollerHosts.Values.Sum());
        Assert.Equal(logs.LinesWritten, await agent.CountedLinesAsync());
        Assert.Equal(incidents.Count, incidents.Select(incident => incident.Fingerprint).Distinct(StringComparer.Ordinal).Count());
        var newErrorSources = incidents.Where(incident => newErrorPatterns.Contains(incident.PatternId)).Select(incident => incident.Source).Order();
        Assert.Equal(logs.PollerKeys.Order(), newErrorSources);
    }

    /// <summary>
    /// Polls one shard to its end. A call that fails because its silo died is retried, as the keep-alive reminder
    /// would retry it in production; the next activation resumes from the persisted cursor.
    /// </summary>
    private static async Task PollThroughFailuresAsync(AgentTestCluster agent, string pollerKey, PollCounter polls)
    {
        var poller = agent.Grains.GetGrain<ISourcePollerGrain>(pollerKey);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var report = await poller.PollNowAsync();
                polls.Increment();
                if (report.Error is null && !report.HasMore && report.Events == 0)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is SiloUnavailableException or OrleansException or TimeoutException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }

        throw new TimeoutException($"Poller {pollerKey} did not reach the end of its shard within 4 minutes of a silo failure.");
    }

    private sealed class PollCounter
    {
        private int _completed;

        public int Completed => Volatile.Read(ref _completed);

        public void Increment() => Interlocked.Increment(ref _completed);
    }
}
