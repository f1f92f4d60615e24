using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Engine.Detection;
using OrleansAgent.Grains.Interfaces.Rules;

namespace OrleansAgent.Grains.Rules;

/// <summary>
/// Keeps this silo's <see cref="DetectionRules"/> equal to the cluster's <see cref="IRulesGrain"/>: it reads the
/// set every <see cref="DetectionOptions.RulesRefreshInterval"/> and swaps in a new redactor and rule engine when
/// the version changed. The API calls <see cref="Apply"/> after a change, so the silo that took it applies it at once.
/// </summary>
public sealed partial class DetectionRulesRefresher(
    IGrainFactory grains,
    DetectionRules detectionRules,
    IOptions<DetectionOptions> options,
    ILogger<DetectionRulesRefresher> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private long _appliedVersion;

    /// <summary>The version in force on this silo; 0 is the configured set.</summary>
    public long AppliedVersion => Interlocked.Read(ref _appliedVersion);

    /// <summary>Reads the cluster's set now and applies it when it is newer than the one in force.</summary>
    public async Task RefreshAsync() => Apply(await grains.GetGrain<IRulesGrain>(GrainKeys.Cluster).GetAsync());

    /// <summary>Applies <paramref name="set"/> when it is newer than the one in force; an older set is ignored.</summary>
    public void Apply(RuleSet set)
    {
        lock (_gate)
        {
            if (set.Version <= _appliedVersion)
            {
                return;
            }

            detectionRules.Replace(RuleSetConversion.ToRedactor(set), RuleSetConversion.ToRuleEngine(set));
            Interlocked.Exchange(ref _appliedVersion, set.Version);
        }

        LogRulesApplied(set.Version, set.Rules.Length, set.RedactionPatterns.Length);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RulesRefreshInterval);
        do
        {
            try
            {
                await RefreshAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The silo may still be starting, or storage briefly unreachable: the next tick tries again.
                LogRefreshFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 1702, EventName = "RulesApplied", Level = LogLevel.Information,
        Message = "Rules version {Version} in force on this silo: {Rules} rules, {RedactionPatterns} redaction patterns")]
    private partial void LogRulesApplied(long version, int rules, int redactionPatterns);

    [LoggerMessage(EventId = 1703, EventName = "RulesRefreshFailed", Level = LogLevel.Debug,
        Message = "Reading the cluster rules failed; the rules in force stay until the next refresh")]
    private partial void LogRefreshFailed(Exception exception);
}
