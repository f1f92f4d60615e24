namespace OrleansAgent.Grains.Interfaces.Signals;

/// <summary>
/// The durable hand-over point between a poller and the analysis side, keyed by the poller key. A poller
/// moves its cursor only after <see cref="AcceptAsync"/> returned, so the signals are persisted by then.
/// </summary>
[Alias("ISignalInboxGrain")]
public interface ISignalInboxGrain : IGrainWithStringKey
{
    /// <summary>Persists <paramref name="batch"/> and publishes it for analysis. Signals accepted before are ignored.</summary>
    [Alias("AcceptAsync")]
    Task AcceptAsync(SignalBatch batch);

    /// <summary>Removes analyzed signals from the inbox.</summary>
    [Alias("CompleteAsync")]
    Task CompleteAsync(ImmutableArray<string> signalIds);

    /// <summary>Returns how many signals wait for analysis.</summary>
    [Alias("GetPendingCountAsync")]
    Task<int> GetPendingCountAsync();
}
