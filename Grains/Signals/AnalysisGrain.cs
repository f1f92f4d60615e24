using Orleans.Streams;
using Orleans.Streams.Core;
using OrleansAgent.Grains.Analysis;
using OrleansAgent.Grains.Hosting;
using OrleansAgent.Grains.Interfaces.Incidents;
using OrleansAgent.Grains.Interfaces.Shadow;
using OrleansAgent.Grains.Interfaces.Signals;

namespace OrleansAgent.Grains.Signals;

/// <summary>Grain interface of <see cref="AnalysisGrain"/>; it is only ever activated by its stream.</summary>
[Alias("IAnalysisGrain")]
public interface IAnalysisGrain : IGrainWithStringKey;

/// <summary>
/// Consumes the signal stream of one poller: analyzes each batch, turns findings into incidents and then
/// confirms the signals to the inbox. A finding from a model below the minimum confidence goes to the shadow
/// log instead of opening an incident.
/// </summary>
[ImplicitStreamSubscription(AgentNames.SignalStreamNamespace)]
public sealed partial class AnalysisGrain(
    IFindingAnalyzer analyzer,
    DeterministicAnalyzer ruleAnalyzer,
    IIncidentGate incidentGate,
    ILogger<AnalysisGrain> logger) : Grain, IAnalysisGrain, IStreamSubscriptionObserver, IAsyncObserver<SignalBatch>
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        var handle = handleFactory.Create<SignalBatch>();
        await handle.ResumeAsync(this);
    }

    public async Task OnNextAsync(SignalBatch batch, StreamSequenceToken? token = null)
    {
        var findings = await AnalyzeAsync(batch.Signals);
        var registry = GrainFactory.GetGrain<IIncidentRegistryGrain>(GrainKeys.Cluster);
        var belowConfidence = new List<Finding>();

        foreach (var finding in findings)
        {
            if (incidentGate.Admits(finding))
            {
                await registry.ReportAsync(finding);
            }
            else
            {
                belowConfidence.Add(finding);
            }
        }

        if (belowConfidence.Count > 0)
        {
            await GrainFactory.GetGrain<IShadowLogGrain>(GrainKeys.Cluster).RecordAsync(
                "low-confidence:" + batch.PollId,
                [.. belowConfidence.Select(finding => finding.Signal)],
                [.. belowConfidence.Select(finding => $"model confidence {finding.Confidence:0.00} is below the minimum for an incident")]);
        }

        await GrainFactory.GetGrain<ISignalInboxGrain>(this.GetPrimaryKeyString())
            .CompleteAsync([.. batch.Signals.Select(signal => signal.Id)]);
        LogBatchAnalyzed(this.GetPrimaryKeyString(), batch.PollId, batch.Signals.Length, findings.Count - belowConfidence.Count);
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(ex, this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    /// <summary>
    /// Alert rule hits are reported at once by the deterministic analyzer, since an operator already defined their
    /// severity; everything else goes to the configured analyzer.
    /// </summary>
    private async Task<List<Finding>> AnalyzeAsync(ImmutableArray<Signal> signals)
    {
        var ruleSignals = signals.Where(signal => signal.RuleName is not null).ToList();
        var otherSignals = signals.Where(signal => signal.RuleName is null).ToList();
        var findings = new List<Finding>(signals.Length);
        if (ruleSignals.Count > 0)
        {
            findings.AddRange(await ruleAnalyzer.AnalyzeAsync(ruleSignals, CancellationToken.None));
        }

        if (otherSignals.Count > 0)
        {
            findings.AddRange(await analyzer.AnalyzeAsync(otherSignals, CancellationToken.None));
        }

        return findings;
    }

    [LoggerMessage(EventId = 1402, EventName = "SignalBatchAnalyzed", Level = LogLevel.Debug,
        Message = "Analysis of {Key} poll {PollId}: {Signals} signals, {Incidents} reported as incidents")]
    private partial void LogBatchAnalyzed(string key, string pollId, int signals, int incidents);

    [LoggerMessage(EventId = 1403, EventName = "SignalStreamError", Level = LogLevel.Error,
        Message = "Signal stream of {Key} reported an error; unconfirmed signals are republished by the inbox")]
    private partial void LogStreamError(Exception exception, string key);
}
