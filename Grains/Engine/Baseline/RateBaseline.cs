namespace OrleansAgent.Grains.Engine.Baseline;

/// <summary>
/// EWMA baseline of one pattern's event rate, counted in event time so that replaying history gives the same
/// baseline as living through it. Not thread-safe: one owner (a grain) updates it.
/// </summary>
/// <remarks>
/// <para>Windows are aligned to <see cref="BaselineOptions.WindowSize"/> in event time. The newest window is the
/// open window. An event in a later window closes the open window and every empty window in between, and each
/// closed window folds into the EWMA mean and variance: <c>d = x - mean; mean += a d; var = (1 - a)(var + a d^2)</c>.
/// The first folded window sets the mean to its count and the variance to 0.</para>
/// <para>Gaps: n empty windows fold in O(1) with the closed form <c>mean_n = q^n mean</c>,
/// <c>var_n = q^n (var + mean^2 (1 - q^n))</c> with <c>q = 1 - a</c>. At most
/// <see cref="BaselineOptions.MaxZeroFillGap"/> worth of empty windows is folded per gap; the rest of a longer
/// gap is treated as missing data (a source outage or a quiet night), so it cannot erase the learned rate.
/// Those skipped windows do not count toward <see cref="ClosedWindows"/>.</para>
/// <para>Out-of-order events whose window is among the recent closed windows are counted in that window, and the
/// baseline is re-folded exactly from that window onward, using the state recorded before it was folded.</para>
/// <para>Late events, older than the recent windows or inside a skipped part of a gap, as after a clock jump
/// backwards, are parked in the open window and counted in <see cref="LateEvents"/>. They take no part in the
/// spike test and are not folded, because a clock that jumped back would otherwise pile a long stretch of events
/// into one window.</para>
/// <para>NOTE: an event far in the future moves the open window there, and every later on-time event then counts
/// as late. Callers should clamp event times that lie beyond the poll's end before calling <see cref="Add"/>.</para>
/// </remarks>
public sealed class RateBaseline
{
    private const double RatioMeanFloor = 0.001;

    private readonly BaselineOptions _options;
    private readonly long _windowTicks;
    private readonly List<RecentWindow> _recent = [];
    private long? _openStart;
    private long _openCount;
    private long _openLateCount;
    private double _mean;
    private double _variance;
    private int _closedWindows;
    private long _lateEvents;

    /// <summary>Creates an empty baseline.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public RateBaseline(BaselineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _windowTicks = options.WindowSize.Ticks;
    }

    /// <summary>EWMA mean count per window over the closed windows.</summary>
    public double Mean => _mean;

    /// <summary>EWMA variance of the count per window over the closed windows.</summary>
    public double Variance => _variance;

    /// <summary>Windows folded into the baseline, empty ones included; skipped parts of long gaps excluded.</summary>
    public int ClosedWindows => _closedWindows;

    /// <summary>Events that arrived too late for their own window and were parked in the open window.</summary>
    public long LateEvents => _lateEvents;

    /// <summary>Start of the open window; null before the first event.</summary>
    public DateTimeOffset? OpenWindowStart => _openStart is { } s ? ToTime(s) : null;

    /// <summary>
    /// Recent windows with their on-time counts, oldest first and the open window last; at most
    /// <see cref="BaselineOptions.RecentWindows"/> entries.
    /// </summary>
    public IReadOnlyList<WindowCount> RecentWindows
    {
        get
        {
            var list = new List<WindowCount>(_recent.Count + 1);
            foreach (var w in _recent)
            {
                list.Add(new WindowCount(ToTime(w.Start), w.Count));
            }

            if (_openStart is { } open)
            {
                list.Add(new WindowCount(ToTime(open), _openCount));
            }

            return list;
        }
    }

    private int RecentCapacity => _options.RecentWindows - 1;

    /// <summary>
    /// Counts <paramref name="count"/> events at <paramref name="eventTime"/>. A count of 0 only advances event
    /// time, closing windows up to the one containing <paramref name="eventTime"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public void Add(DateTimeOffset eventTime, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var start = Align(eventTime);

        if (_openStart is not { } open)
        {
            _openStart = start;
            _openCount = count;
            return;
        }

        if (start == open)
        {
            _openCount = SaturatingAdd(_openCount, count);
        }
        else if (start > open)
        {
            CloseThrough(open, start);
            _openStart = start;
            _openCount = count;
            _openLateCount = 0;
        }
        else if (count > 0)
        {
            AddOutOfOrder(start, count);
        }
    }

    /// <summary>Counts pre-aggregated windows; each start may be any time inside its window.</summary>
    public void AddWindowCounts(IEnumerable<(DateTimeOffset WindowStart, long Count)> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        foreach (var (windowStart, count) in windows)
        {
            Add(windowStart, count);
        }
    }

    /// <summary>
    /// Tests the open window. A spike needs at least WarmupWindows closed windows, at least MinSpikeCount
    /// events, at least MinSpikeRatio times the mean, and a z-score of at least SpikeZScore. The z-score
    /// divides by sqrt(max(1, variance + mean)), so a perfectly constant rate does not spike on +1.
    /// </summary>
    public SpikeAssessment Assess()
    {
        var count = _openCount;
        var sd = Math.Sqrt(Math.Max(1.0, _variance + _mean));
        var z = (count - _mean) / sd;
        var ratio = count / Math.Max(_mean, RatioMeanFloor);
        var reason = SpikeReason(count, z, ratio, out var isSpike);

        return new SpikeAssessment(
            isSpike,
            OpenWindowStart,
            count,
            _openLateCount,
            _mean,
            sd,
            z,
            ratio,
            _closedWindows,
            reason);
    }

    /// <summary>Forgets everything, counters included.</summary>
    public void Reset()
    {
        _recent.Clear();
        _openStart = null;
        _openCount = 0;
        _openLateCount = 0;
        _mean = 0;
        _variance = 0;
        _closedWindows = 0;
        _lateEvents = 0;
    }

    /// <summary>Returns a snapshot that <see cref="FromState"/> restores exactly.</summary>
    public BaselineState ToState() => new(
        _windowTicks,
        OpenWindowStart,
        _openCount,
        _openLateCount,
        _mean,
        _variance,
        _closedWindows,
        _lateEvents,
        _recent.Select(w => new BaselineWindowState(ToTime(w.Start), w.Count, w.Folded, w.MeanBefore, w.VarianceBefore)).ToList());

    /// <summary>
    /// Restores a baseline from <paramref name="state"/>. Recent windows beyond the configured number are dropped,
    /// oldest first; that only narrows the range in which out-of-order events are re-folded.
    /// </summary>
    /// <exception cref="ArgumentException">The state is inconsistent or was built with another window size.</exception>
    public static RateBaseline FromState(BaselineState state, BaselineOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        var baseline = new RateBaseline(options);
        BaselineStateValidator.Validate(state, baseline._windowTicks);

        baseline._openStart = state.OpenWindowStart?.UtcTicks;
        baseline._openCount = state.OpenCount;
        baseline._openLateCount = state.OpenLateCount;
        baseline._mean = state.Mean;
        baseline._variance = state.Variance;
        baseline._closedWindows = state.ClosedWindows;
        baseline._lateEvents = state.LateEvents;

        var keep = Math.Min(state.Recent.Count, baseline.RecentCapacity);
        foreach (var w in state.Recent.Skip(state.Recent.Count - keep))
        {
            baseline._recent.Add(new RecentWindow(w.Start.UtcTicks, w.Count, w.Folded, w.MeanBefore, w.VarianceBefore));
        }

        return baseline;
    }

    private string SpikeReason(long count, double z, double ratio, out bool isSpike)
    {
        isSpike = false;
        if (_openStart is null)
        {
            return "no events yet";
        }

        if (_closedWindows < _options.WarmupWindows)
        {
            return $"warming up: {_closedWindows} of {_options.WarmupWindows} windows closed";
        }

        if (count < _options.MinSpikeCount)
        {
            return $"count {count} is below the minimum of {_options.MinSpikeCount}";
        }

        if (count < _options.MinSpikeRatio * _mean)
        {
            return $"count {count} is {ratio:0.##}x the mean {_mean:0.##}, below the minimum ratio {_options.MinSpikeRatio:0.##}";
        }

        if (z < _options.SpikeZScore)
        {
            return $"z-score {z:0.##} is below {_options.SpikeZScore:0.##} (count {count}, mean {_mean:0.##})";
        }

        var logTail = PoissonUpperTailBound(count, Math.Max(_mean, RatioMeanFloor));
        if (logTail > Math.Log(_options.MaxSpikeProbability))
        {
            return $"count {count} against the mean {_mean:0.##} is plausible chance (Poisson tail above {_options.MaxSpikeProbability:0.#e0})";
        }

        isSpike = true;
        return $"spike: count {count} is {ratio:0.##}x the mean {_mean:0.##}, z-score {z:0.##}";
    }

    /// <summary>
    /// Returns the natural log of the Chernoff bound on P(X &gt;= <paramref name="count"/>) for a Poisson
    /// variable with mean <paramref name="mean"/>: e^-mean (e*mean/count)^count. A low-rate pattern's normal
    /// jitter (10 lines against a mean of 2.3, about 1 in 10,000 windows) passes a z-score test but not this.
    /// </summary>
    internal static double PoissonUpperTailBound(long count, double mean) =>
        count <= mean ? 0 : -mean + count * (1 + Math.Log(mean) - Math.Log(count));

    private void CloseThrough(long open, long newStart)
    {
        FoldRecorded(open, _openCount, folded: true);

        var gap = (newStart - open) / _windowTicks - 1;
        var zeros = Math.Min(gap, _options.MaxZeroFillWindows);
        var firstRecent = Math.Max(1, gap - RecentCapacity + 1);

        // Gap windows 1..gap: the first `zeros` fold as empty windows, the rest are skipped as missing data.
        // Only the last RecentCapacity of them are kept as recent windows, so the older ones fold in one step.
        FoldZeros(Math.Min(zeros, firstRecent - 1));
        for (var i = firstRecent; i <= gap; i++)
        {
            FoldRecorded(open + (i * _windowTicks), 0, folded: i <= zeros);
        }

        TrimRecent();
    }

    private void FoldRecorded(long start, long count, bool folded)
    {
        if (RecentCapacity > 0)
        {
            _recent.Add(new RecentWindow(start, count, folded, _mean, _variance));
        }

        if (folded)
        {
            Fold(count, isFirst: _closedWindows == 0);
            AddClosedWindows(1);
        }
    }

    private void AddOutOfOrder(long start, long count)
    {
        var index = _recent.FindIndex(w => w.Start == start);
        if (index < 0 || !_recent[index].Folded)
        {
            _openLateCount = SaturatingAdd(_openLateCount, count);
            _lateEvents = SaturatingAdd(_lateEvents, count);
            return;
        }

        _recent[index].Count = SaturatingAdd(_recent[index].Count, count);
        Refold(index);
    }

    // Replays the folds from window `index` onward. Each recent window stores the state before its fold,
    // so the result equals what in-order arrival would have produced, up to floating-point rounding.
    private void Refold(int index)
    {
        var foldedFromIndex = _recent.Skip(index).Count(w => w.Folded);
        var isFirst = _closedWindows - foldedFromIndex == 0;
        _mean = _recent[index].MeanBefore;
        _variance = _recent[index].VarianceBefore;

        for (var i = index; i < _recent.Count; i++)
        {
            var w = _recent[i];
            w.MeanBefore = _mean;
            w.VarianceBefore = _variance;
            if (w.Folded)
            {
                Fold(w.Count, isFirst);
                isFirst = false;
            }
        }
    }

    private void Fold(long count, bool isFirst)
    {
        if (isFirst)
        {
            _mean = count;
            _variance = 0;
            return;
        }

        var alpha = _options.Alpha;
        var diff = count - _mean;
        var increment = alpha * diff;
        _mean += increment;
        _variance = (1 - alpha) * (_variance + (diff * increment));
    }

    private void FoldZeros(long n)
    {
        if (n <= 0)
        {
            return;
        }

        var kept = Math.Pow(1 - _options.Alpha, n);
        _variance = kept * (_variance + (_mean * _mean * (1 - kept)));
        _mean *= kept;
        AddClosedWindows(n);
    }

    private void AddClosedWindows(long n) => _closedWindows = (int)Math.Min(int.MaxValue, _closedWindows + n);

    private void TrimRecent()
    {
        var excess = _recent.Count - RecentCapacity;
        if (excess > 0)
        {
            _recent.RemoveRange(0, excess);
        }
    }

    private long Align(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return ticks - (ticks % _windowTicks);
    }

    private static DateTimeOffset ToTime(long ticks) => new(ticks, TimeSpan.Zero);

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private sealed class RecentWindow(long start, long count, bool folded, double meanBefore, double varianceBefore)
    {
        public long Start { get; } = start;

        public long Count { get; set; } = count;

        public bool Folded { get; } = folded;

        public double MeanBefore { get; set; } = meanBefore;

        public double VarianceBefore { get; set; } = varianceBefore;
    }
}
