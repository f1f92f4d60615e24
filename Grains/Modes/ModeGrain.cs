using OrleansAgent.Grains.Hosting;
using OrleansAgent.Grains.Interfaces.Modes;

namespace OrleansAgent.Grains.Modes;

/// <summary>Persisted state of <see cref="ModeGrain"/>.</summary>
[GenerateSerializer, Alias("ModeState")]
public sealed class ModeState
{
    [Id(0)] public AgentMode Mode { get; set; } = AgentMode.Training;
    [Id(1)] public List<ModeChange> History { get; set; } = [];
    [Id(2)] public bool IsInitialized { get; set; }
}

/// <summary>
/// The single switch between training, shadow and detect. The first activation takes the configured initial
/// mode; after that only <see cref="SetAsync"/> changes it.
/// </summary>
public sealed partial class ModeGrain(
    [PersistentState("mode", AgentNames.Storage)] IPersistentState<ModeState> state,
    Microsoft.Extensions.Options.IOptions<DetectionOptions> options,
    TimeProvider timeProvider,
    ILogger<ModeGrain> logger) : Grain, IModeGrain
{
    private const int MaxHistory = 200;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.State.IsInitialized)
        {
            var initial = options.Value.InitialMode;
            if (initial != state.State.Mode)
            {
                state.State.History.Add(new ModeChange(
                    state.State.Mode, initial, timeProvider.GetUtcNow(), "configuration", "initial mode from Agent:Detection:InitialMode"));
            }

            state.State.Mode = initial;
            state.State.IsInitialized = true;
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<ModeStatus> GetAsync() => Task.FromResult(CurrentStatus());

    public async Task<ModeStatus> SetAsync(AgentMode mode, string changedBy, string reason)
    {
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown mode. Use training, shadow or detect.");
        }

        var change = new ModeChange(state.State.Mode, mode, timeProvider.GetUtcNow(), changedBy, reason);
        state.State.Mode = mode;
        state.State.History.Add(change);
        if (state.State.History.Count > MaxHistory)
        {
            state.State.History.RemoveAt(0);
        }

        await state.WriteStateAsync();

        LogModeChanged(change.From, change.To, changedBy, reason);
        return CurrentStatus();
    }

    public Task<ImmutableArray<ModeChange>> GetHistoryAsync() => Task.FromResult(state.State.History.ToImmutableArray());

    private ModeStatus CurrentStatus()
    {
        var last = state.State.History.Count > 0 ? state.State.History[^1] : null;
        return new ModeStatus(state.State.Mode, last?.At, last?.ChangedBy, last?.Reason);
    }

    [LoggerMessage(EventId = 1001, EventName = "ModeChanged", Level = LogLevel.Information,
        Message = "Mode changed from {From} to {To} by {ChangedBy}: {Reason}")]
    private partial void LogModeChanged(AgentMode from, AgentMode to, string changedBy, string reason);
}
