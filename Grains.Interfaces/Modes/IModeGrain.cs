namespace OrleansAgent.Grains.Interfaces.Modes;

/// <summary>The one coordinator of the agent mode, keyed by <see cref="GrainKeys.Cluster"/>.</summary>
[Alias("IModeGrain")]
public interface IModeGrain : IGrainWithStringKey
{
    /// <summary>Returns the current mode.</summary>
    [Alias("GetAsync")]
    Task<ModeStatus> GetAsync();

    /// <summary>Switches to <paramref name="mode"/>, recording <paramref name="changedBy"/> and <paramref name="reason"/>.</summary>
    [Alias("SetAsync")]
    Task<ModeStatus> SetAsync(AgentMode mode, string changedBy, string reason);

    /// <summary>Returns the mode changes, oldest first.</summary>
    [Alias("GetHistoryAsync")]
    Task<ImmutableArray<ModeChange>> GetHistoryAsync();
}
