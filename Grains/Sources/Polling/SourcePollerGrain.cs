using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Engine.Baseline;
using OrleansAgent.Grains.Engine.Detection;
using OrleansAgent.Grains.Engine.Mining;
using OrleansAgent.Grains.Engine.Parsing;
using OrleansAgent.Grains.Hosting;
using OrleansAgent.Grains.Interfaces.Modes;
using OrleansAgent.Grains.Interfaces.Sources;

namespace OrleansAgent.Grains.Sources.Polling;

/// <summary>
/// Reads one source (or shard) on a schedule and drives the funnel. Each poll reads the events after the
/// persisted cursor and runs redaction, rules and mining locally. It saves the results as a pending poll and
/// applies them: one observation per pattern grain, then signals to the shadow log or the inbox. Only then
/// does it move the cursor. A poll interrupted by a crash is finished from its saved results on the next activation, and the
/// pattern grains and inbox ignore what they already applied, so no line is lost or counted twice.
/// </summary>
/// <remarks>
/// Random placement spreads the pollers over the silos. Each silo's poller starter activates every poller right
/// after start, before load statistics differ, and the default resource-optimized placement then tends to put
/// them all on the silo that asked first.
/// </remarks>
[Orleans.Placement.RandomPlacement]
public sealed partial class SourcePollerGrain(
    [PersistentState("poller", AgentNames.Storage)] IPersistentState<PollerState> state,
    ISourceRegistry sources,
    DetectionRules detectionRules,
    IOptions<BaselineOptions> baselineOptions,
    IOptions<MinerOptions> minerOptions,
    IPollInterruption interruption,
    TimeProvider timeProvider,
    PipelineMetrics metrics,
    ILogger<SourcePollerGrain> logger) : Grain, ISourcePollerGrain, IRemindable
{
    private const string KeepAliveReminderName = "keep-alive";
    private static readonly TimeSpan KeepAliveReminderPeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>A poll that keeps finding more events ready stops after this long, so the grain stays responsive.</summary>
    private static readonly TimeSpan MaxCatchUpTime = TimeSpan.FromSeconds(20);

    private SourceOptions _options = null!;
    private ILogSource _source = null!;
    private TemplateMiner _miner = null!;
    private HeaderParser _headerParser = null!;
    private DateTimeOffset _nextAttemptAt = DateTimeOffset.MinValue;
    private bool _isPolling;

    private PollerState State => state.State;

    private string PollerKey => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!sources.PollerKeys.Contains(PollerKey))
        {
            await RetireAsync();
            return;
        }

        _options = sources.GetOptions(PollerKey);
        _source = sources.CreateSource(PollerKey);
        _headerParser = string.IsNullOrWhiteSpace(_options.HeaderFormat) ? HeaderParser.Automatic : HeaderParser.FromFormat(_options.HeaderFormat);
        _miner = LoadMiner();

        this.RegisterGrainTimer(
            static (grain, cancellationToken) => grain.OnTimerAsync(),
            this,
            new GrainTimerCreationOptions(_options.PollInterval, _options.PollInterval) { KeepAlive = true });

        // The reminder reactivates this poller on another silo when the silo hosting it dies.
        await this.RegisterOrUpdateReminder(KeepAliveReminderName, KeepAliveReminderPeriod, KeepAliveReminderPeriod);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_source is not null)
        {
            await _source.DisposeAsync();
        }
    }

    public Task StartAsync() => Task.CompletedTask;

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    public async Task<PollReport> PollNowAsync()
    {
        EnsureConfigured();
        _nextAttemptAt = DateTimeOffset.MinValue;
        return await PollOnceAsync();
    }

    public Task<SourceStatus> GetStatusAsync()
    {
        EnsureConfigured();
        var lag = State.LastEventTime is { } last ? timeProvider.GetUtcNow() - last : (TimeSpan?)null;
        return Task.FromResult(new SourceStatus(
            PollerKey,
            _options.Type,
            State.IsPaused,
            IsTrainingOnHistory(),
            State.Cursor,
            State.Sequence,
            State.LinesRead,
            State.LinesIgnored,
            State.EventsWithoutTimestamp,
            State.Skipped.ToImmutableDictionary(),
            State.LastPollAt,
            State.LastEventTime,
            lag,
            State.LastError,
            State.LastErrorAt,
            State.ConsecutiveFailures,
            _miner.PatternCount,
            State.VerdictLines.ToImmutableDictionary(),
            DescribeBackfill()));
    }

    public async Task<SourceStatus> RewindAsync(DateTimeOffset from, DateTimeOffset? until, bool train)
    {
        EnsureConfigured();
        var now = timeProvider.GetUtcNow();
        if (from > now || (until is { } end && end <= from))
        {
            throw new ArgumentException($"Rewind of source '{PollerKey}' needs from ({from:O}) in the past and until ({until:O}) after it.");
        }

        if (State.Pending is { } interrupted)
        {
            await ApplyAsync(interrupted);
        }

        State.Cursor = _source.CursorAt(from);
        State.Backfill = new Backfill { From = from, Until = until, Train = train, StartedAt = now };
        await state.WriteStateAsync();

        _nextAttemptAt = DateTimeOffset.MinValue;
        LogRewound(PollerKey, from, until, train);
        return await GetStatusAsync();
    }

    public async Task<SourceStatus> SetPausedAsync(bool paused)
    {
        EnsureConfigured();
        State.IsPaused = paused;
        await state.WriteStateAsync();
        LogPausedChanged(PollerKey, paused);
        return await GetStatusAsync();
    }

    private async Task OnTimerAsync()
    {
        if (State.IsPaused || timeProvider.GetUtcNow() < _nextAttemptAt)
        {
            return;
        }

        var started = timeProvider.GetUtcNow();
        PollReport report;
        do
        {
            report = await PollOnceAsync();
        }
        while (report.HasMore && report.Error is null && !State.IsPaused && timeProvider.GetUtcNow() - started < MaxCatchUpTime);
    }

    private async Task<PollReport> PollOnceAsync()
    {
        if (_isPolling)
        {
            return new PollReport(State.Sequence, 0, 0, 0, HasMore: true, Error: null);
        }

        _isPolling = true;
        try
        {
            if (State.Pending is { } interrupted)
            {
                LogFinishingInterruptedPoll(PollerKey, interrupted.Sequence);
                await ApplyAsync(interrupted);
            }

            return await ReadAndApplyAsync();
        }
        catch (LogSourceException exception)
        {
            return await RecordFailureAsync(exception, exception.RetryAfter);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The in-memory miner may be ahead of the saved state now. Reloading the activation returns to the
            // saved state, and a saved pending poll is finished on the next activation.
            LogPollCrashed(exception, PollerKey);
            this.DeactivateOnIdle();
            throw;
        }
        finally
        {
            _isPolling = false;
        }
    }

    private async Task<PollReport> ReadAndApplyAsync()
    {
        var mode = await EffectiveModeAsync();
        var arrival = timeProvider.GetUtcNow();
        var batch = await _source.ReadAsync(State.Cursor, _options.MaxEventsPerPoll, CancellationToken.None);
        interruption.At(PollerKey, State.Sequence + 1, PollStep.AfterFetch);

        var rules = detectionRules.Current;
        var chain = new DetectorChain(PollerKey, rules.Redactor, rules.Rules, _headerParser, _miner, baselineOptions.Value.WindowSize)
        {
            NotBefore = State.Backfill?.From,
        };
        var result = chain.Process(batch.Events, arrival);
        TrackBackfill(batch, result);

        var pending = PendingPollBuilder.Build(PollerKey, State.Sequence + 1, mode, batch, result);
        State.Pending = pending;
        State.MinerJson = JsonSerializer.Serialize(_miner.ToSnapshot());
        await state.WriteStateAsync();
        interruption.At(PollerKey, pending.Sequence, PollStep.AfterPendingSaved);

        var signals = await ApplyAsync(pending);
        await FinishBackfillIfDoneAsync(batch, result);
        if (!batch.HasMore && _options.TrainOnHistory && !State.IsHistoryDone)
        {
            State.IsHistoryDone = true;
            await state.WriteStateAsync();
            LogHistoryDone(PollerKey, State.LinesRead);
        }

        return new PollReport(pending.Sequence, batch.Events.Count, pending.Observations.Count, signals, batch.HasMore, Error: null);
    }

    private async Task<AgentMode> EffectiveModeAsync()
    {
        if (IsTrainingOnHistory())
        {
            return AgentMode.Training;
        }

        var status = await GrainFactory.GetGrain<IModeGrain>(GrainKeys.Cluster).GetAsync();
        return status.Mode;
    }

    private bool IsTrainingOnHistory() =>
        (_options.TrainOnHistory && !State.IsHistoryDone) || State.Backfill is { Train: true };

    private async Task<PollReport> RecordFailureAsync(Exception exception, TimeSpan? retryAfter)
    {
        State.ConsecutiveFailures++;
        State.LastError = exception.Message;
        State.LastErrorAt = timeProvider.GetUtcNow();
        await state.WriteStateAsync();

        var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, _options.PollInterval.Ticks << Math.Min(State.ConsecutiveFailures - 1, 10)));
        if (retryAfter is { } requested && requested > backoff)
        {
            backoff = requested;
        }

        _nextAttemptAt = timeProvider.GetUtcNow() + backoff;
        LogPollFailed(exception, PollerKey, State.ConsecutiveFailures, backoff);
        return new PollReport(State.Sequence, 0, 0, 0, HasMore: false, exception.Message);
    }

    /// <summary>
    /// Stops the poller of a source that is no longer configured: no timer, and no keep-alive reminder, which
    /// would otherwise wake it every minute. Its stored cursor and miner stay, so configuring the source again
    /// resumes it.
    /// </summary>
    private async Task RetireAsync()
    {
        if (await this.GetReminder(KeepAliveReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        // The activation stays until idle collection, so a reminder tick already on its way finds it.
        LogSourceNoLongerConfigured(PollerKey);
    }

    private void EnsureConfigured()
    {
        if (_options is null)
        {
            throw new KeyNotFoundException($"Source '{PollerKey}' is not configured under Agent:Sources.");
        }
    }

    private void TrackBackfill(SourceBatch batch, BatchResult result)
    {
        if (State.Backfill is not { } backfill)
        {
            return;
        }

        backfill.Events += batch.Events.Count;
        backfill.SkippedBeforeStart += result.BeforeStart;
        if (result.FirstEventTime is { } first && (backfill.FirstEventTime is null || first < backfill.FirstEventTime))
        {
            backfill.FirstEventTime = first;
        }
    }

    private async Task FinishBackfillIfDoneAsync(SourceBatch batch, BatchResult result)
    {
        if (State.Backfill is not { } backfill)
        {
            return;
        }

        var reachedUntil = backfill.Until is { } until && result.LastEventTime >= until;
        if (batch.HasMore && !reachedUntil)
        {
            return;
        }

        State.Backfill = null;
        await state.WriteStateAsync();
        LogBackfillDone(PollerKey, backfill.Events, backfill.SkippedBeforeStart);
    }

    private BackfillProgress? DescribeBackfill()
    {
        if (State.Backfill is not { } backfill)
        {
            return null;
        }

        var covered = backfill.FirstEventTime is { } first && State.LastEventTime is { } last && last > first ? last - first : TimeSpan.Zero;
        var elapsed = timeProvider.GetUtcNow() - backfill.StartedAt;
        TimeSpan? left = null;
        if (covered > TimeSpan.Zero && elapsed > TimeSpan.Zero && State.LastEventTime is { } latest)
        {
            var remaining = (backfill.Until ?? timeProvider.GetUtcNow()) - latest;
            left = remaining <= TimeSpan.Zero ? TimeSpan.Zero : remaining * (elapsed / covered);
        }

        return new BackfillProgress(backfill.From, backfill.Until, backfill.Train, backfill.StartedAt, backfill.Events, backfill.SkippedBeforeStart, covered, left);
    }

    private TemplateMiner LoadMiner()
    {
        var options = new MinerOptions
        {
            MaxPatterns = minerOptions.Value.MaxPatterns,
            MaxTokensPerLine = minerOptions.Value.MaxTokensPerLine,
            SimilarityThreshold = minerOptions.Value.SimilarityThreshold,
            MaxLengthDifference = minerOptions.Value.MaxLengthDifference,
            IdNamespace = _options.Name,
        };
        if (State.MinerJson is null)
        {
            return new TemplateMiner(options);
        }

        var snapshot = JsonSerializer.Deserialize<MinerSnapshot>(State.MinerJson)
            ?? throw new InvalidOperationException($"Poller '{PollerKey}' has an empty stored miner state.");
        return TemplateMiner.FromSnapshot(snapshot, options);
    }
}
