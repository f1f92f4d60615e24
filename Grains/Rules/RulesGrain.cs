using OrleansAgent.Grains.Hosting;
using OrleansAgent.Grains.Interfaces.Rules;

namespace OrleansAgent.Grains.Rules;

/// <summary>Persisted state of <see cref="RulesGrain"/>.</summary>
[GenerateSerializer, Alias("RulesState")]
public sealed class RulesState
{
    /// <summary>The stored set; <c>null</c> until the first change, while configuration supplies the set.</summary>
    [Id(0)] public RuleSet? Set { get; set; }
}

/// <summary>
/// The cluster's rules and redaction patterns. Until the first change through the API the set comes from
/// configuration (version 0); from then on the stored set wins over configuration.
/// </summary>
public sealed partial class RulesGrain(
    [PersistentState("rules", AgentNames.Storage)] IPersistentState<RulesState> state,
    InitialRuleSet initial,
    ILogger<RulesGrain> logger) : Grain, IRulesGrain
{
    public Task<RuleSet> GetAsync() => Task.FromResult(Current);

    public async Task<RuleSet?> ReplaceAsync(RuleSet proposed)
    {
        var current = Current;
        if (proposed.Version != current.Version)
        {
            return null;
        }

        RuleSetValidator.EnsureValid(proposed);
        var stored = proposed with { Version = current.Version + 1 };
        state.State.Set = stored;
        await state.WriteStateAsync();

        LogRulesReplaced(stored.Version, stored.Rules.Length, stored.RedactionPatterns.Length);
        return stored;
    }

    private RuleSet Current => state.State.Set ?? initial.Set;

    [LoggerMessage(EventId = 1701, EventName = "RulesReplaced", Level = LogLevel.Information,
        Message = "Rules version {Version} stored: {Rules} rules, {RedactionPatterns} redaction patterns")]
    private partial void LogRulesReplaced(long version, int rules, int redactionPatterns);
}

/// <summary>The rules and redaction patterns of configuration, in force until the first change through the API.</summary>
public sealed record InitialRuleSet(RuleSet Set);
