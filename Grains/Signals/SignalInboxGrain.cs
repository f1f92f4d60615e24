using Orleans.Streams;
using OrleansAgent.Grains.Hosting;
using OrleansAgent.Grains.Interfaces.Signals;

namespace OrleansAgent.Grains.Signals;

/// <summary>Persisted state of <see cref="SignalInboxGrain"/>.</summary>
[GenerateSerializer, Alias("SignalInboxState")]
public sealed class SignalInboxState
{
    [Id(0)] public Dictionary<string, PendingSignal> Pending { get; set; } = [];

    /// <summary>Ids of signals analyzed recently, oldest first, so a replayed poll does not analyze them again.</summary>
    [Id(1)] public List<string> RecentlyCompleted { get; set; } = [];
}

/// <summary>A signal waiting for analysis.</summary>
[GenerateSerializer, Alias("PendingSignal")]
public sealed class PendingSignal
{
    [Id(0)] public Signal Signal { get; set; } = null!;
    [Id(1)] public string PollId { get; set; } = "";
    [Id(2)] public DateTimeOffset PublishedAt { get; set; }
}

/// <summary>
/// Keeps signals until the analysis side confirms them, and publishes them on the signal stream. Memory
/// streams can lose messages when a silo dies, so a timer republishes signals that stay unconfirmed.
/// </summary>
public sealed partial class SignalInboxGrain(
    [PersistentState("inbox", AgentNames.Storage)] IPersistentState<SignalInboxState> state,
    TimeProvider timeProvider,
    ILogger<SignalInboxGrain> logger) : Grain, ISignalInboxGrain
{
    private const int CompletedCapacity = 5000;
    private static readonly TimeSpan RepublishAfter = TimeSpan.FromSeconds(30);

    private IAsyncStream<SignalBatch>? _stream;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = this.GetStreamProvider(AgentNames.StreamProvider)
            .GetStream<SignalBatch>(StreamId.Create(AgentNames.SignalStreamNamespace, this.GetPrimaryKeyString()));
        this.RegisterGrainTimer(
            static (grain, cancellationToken) => grain.RepublishStaleAsync(),
            this,
            new GrainTimerCreationOptions(RepublishAfter, RepublishAfter) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public async Task AcceptAsync(SignalBatch batch)
    {
        var now = timeProvider.GetUtcNow();
        var fresh = batch.Signals
            .Where(signal => !state.State.Pending.ContainsKey(signal.Id) && !state.State.RecentlyCompleted.Contains(signal.Id))
            .ToImmutableArray();
        if (fresh.IsEmpty)
        {
            return;
        }

        foreach (var signal in fresh)
        {
            state.State.Pending[signal.Id] = new PendingSignal { Signal = signal, PollId = batch.PollId, PublishedAt = now };
        }

        await state.WriteStateAsync();
        await _stream!.OnNextAsync(batch with { Signals = fresh });
    }

    public async Task CompleteAsync(ImmutableArray<string> signalIds)
    {
        var removed = false;
        foreach (var id in signalIds)
        {
            removed |= state.State.Pending.Remove(id);
            state.State.RecentlyCompleted.Add(id);
        }

        if (state.State.RecentlyCompleted.Count > CompletedCapacity)
        {
            state.State.RecentlyCompleted.RemoveRange(0, state.State.RecentlyCompleted.Count - CompletedCapacity);
        }

        if (removed)
        {
            await state.WriteStateAsync();
        }
    }

    public Task<int> GetPendingCountAsync() => Task.FromResult(state.State.Pending.Count);

    private async Task RepublishStaleAsync()
    {
        var now = timeProvider.GetUtcNow();
        var stale = state.State.Pending.Values.Where(pending => now - pending.PublishedAt >= RepublishAfter).ToList();
        if (stale.Count == 0)
        {
            return;
        }

        foreach (var group in stale.GroupBy(pending => pending.PollId))
        {
            await _stream!.OnNextAsync(new SignalBatch(group.Key, [.. group.Select(pending => pending.Signal)]));
        }

        foreach (var pending in stale)
        {
            pending.PublishedAt = now;
        }

        await state.WriteStateAsync();
        LogRepublished(this.GetPrimaryKeyString(), stale.Count);
    }

    [LoggerMessage(EventId = 1401, EventName = "SignalsRepublished", Level = LogLevel.Warning,
        Message = "Inbox {InboxKey} republished {Count} signals that were not confirmed in time")]
    private partial void LogRepublished(string inboxKey, int count);
}
