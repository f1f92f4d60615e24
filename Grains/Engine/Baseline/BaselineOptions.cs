namespace OrleansAgent.Grains.Engine.Baseline;

/// <summary>Settings of the per-pattern EWMA rate baseline. All times are event time.</summary>
public sealed class BaselineOptions
{
    /// <summary>
    /// Length of one counting window, aligned to multiples of this size since 0001-01-01 UTC. Default 1 minute:
    /// short enough to see a burst while it happens, long enough that a busy pattern has tens of events per window.
    /// </summary>
    public TimeSpan WindowSize { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// EWMA weight of the newest closed window, in (0, 1). Default 0.05: the baseline half-life is about 13.5
    /// windows, so a permanent level shift is absorbed within minutes while one burst moves the mean by only 5 %.
    /// </summary>
    public double Alpha { get; set; } = 0.05;

    /// <summary>
    /// Closed windows required before any spike is reported. Default 30: by then about 79 % of the EWMA
    /// weight rests on observed windows and the variance estimate has settled.
    /// </summary>
    public int WarmupWindows { get; set; } = 30;

    /// <summary>
    /// Minimum z-score of the open window's count against the baseline. Default 4.0: with the Poisson floor
    /// in the variance, a steady pattern at 20 per window needs about 45 events to reach it.
    /// </summary>
    public double SpikeZScore { get; set; } = 4.0;

    /// <summary>
    /// Minimum count in the open window for a spike. Default 10: a handful of events of a rare pattern is
    /// not a rate spike, and an unknown or rule-matched line is reported by other stages anyway.
    /// </summary>
    public long MinSpikeCount { get; set; } = 10;

    /// <summary>
    /// Minimum ratio of the open window's count to the mean. Default 3.0: a noisy pattern whose variance
    /// estimate happens to be small still needs to triple before it is called a spike.
    /// </summary>
    public double MinSpikeRatio { get; set; } = 3.0;

    /// <summary>
    /// Largest chance, under a Poisson model at the baseline mean, that a window count is mere noise for it
    /// still to count as a spike. Default 1e-6: with one-minute windows a steady pattern gives a false spike
    /// less than once in about two years.
    /// </summary>
    public double MaxSpikeProbability { get; set; } = 1e-6;

    /// <summary>Number of recent windows kept for out-of-order events and explain output. Default 60 (one hour at 1-minute windows).</summary>
    public int RecentWindows { get; set; } = 60;

    /// <summary>
    /// Maximum run of empty windows folded into the baseline as zeros. The rest of a longer gap is treated as
    /// missing data. Default 30 minutes: with Alpha 0.05 the baseline keeps at least 21 % of its mean across
    /// any gap, so a pattern that returns at its usual rate scores z of about 1.9 and is not a spike, and a
    /// quiet night or a source outage does not erase a daily pattern.
    /// </summary>
    public TimeSpan MaxZeroFillGap { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Largest number of zero windows folded for one gap.</summary>
    internal long MaxZeroFillWindows => MaxZeroFillGap.Ticks / WindowSize.Ticks;

    /// <summary>Checks every setting and throws an <see cref="ArgumentException"/> naming the first invalid one.</summary>
    public void Validate()
    {
        var errors = GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
    }

    /// <summary>Returns one message per invalid setting; empty when all are valid.</summary>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (WindowSize < TimeSpan.FromSeconds(1) || WindowSize > TimeSpan.FromDays(1))
        {
            errors.Add($"Baseline:WindowSize is {WindowSize}; it must be between 00:00:01 and 1.00:00:00.");
        }

        if (!(Alpha > 0 && Alpha < 1))
        {
            errors.Add($"Baseline:Alpha is {Alpha}; it must be greater than 0 and less than 1.");
        }

        if (WarmupWindows < 0)
        {
            errors.Add($"Baseline:WarmupWindows is {WarmupWindows}; it must be 0 or more.");
        }

        if (!(SpikeZScore > 0) || double.IsInfinity(SpikeZScore))
        {
            errors.Add($"Baseline:SpikeZScore is {SpikeZScore}; it must be a positive finite number.");
        }

        if (MinSpikeCount < 1)
        {
            errors.Add($"Baseline:MinSpikeCount is {MinSpikeCount}; it must be 1 or more.");
        }

        if (!(MaxSpikeProbability > 0 && MaxSpikeProbability < 1))
        {
            errors.Add($"Baseline:MaxSpikeProbability is {MaxSpikeProbability}; it must be between 0 and 1, for example 1e-6.");
        }

        if (!(MinSpikeRatio >= 1) || double.IsInfinity(MinSpikeRatio))
        {
            errors.Add($"Baseline:MinSpikeRatio is {MinSpikeRatio}; it must be a finite number of 1 or more.");
        }

        if (RecentWindows < 1 || RecentWindows > 10_000)
        {
            errors.Add($"Baseline:RecentWindows is {RecentWindows}; it must be between 1 and 10000.");
        }

        if (MaxZeroFillGap < TimeSpan.Zero)
        {
            errors.Add($"Baseline:MaxZeroFillGap is {MaxZeroFillGap}; it must be 0 or more.");
        }

        if (errors.Count == 0)
        {
            AddZeroFillError(errors);
        }

        return errors;
    }

    // After n folded zero windows the baseline keeps p = (1 - Alpha)^n of its mean and gains variance of
    // about p (1 - p) mean^2, so a pattern back at its usual rate scores z of about sqrt((1 - p) / p)
    // regardless of its rate. That z must stay below SpikeZScore, or every long gap ends in a false spike.
    private void AddZeroFillError(List<string> errors)
    {
        var kept = Math.Pow(1 - Alpha, MaxZeroFillWindows);
        var returnZ = Math.Sqrt((1 - kept) / kept);
        if (returnZ >= SpikeZScore)
        {
            var maxWindows = (long)Math.Floor(Math.Log(1 / (1 + SpikeZScore * SpikeZScore)) / Math.Log(1 - Alpha));
            var limit = TimeSpan.FromTicks(Math.Max(0, maxWindows - 1) * WindowSize.Ticks);
            errors.Add($"Baseline:MaxZeroFillGap is {MaxZeroFillGap}; with Alpha {Alpha} a pattern returning at its usual "
                + $"rate after such a gap would score z {returnZ:0.0}, at or above SpikeZScore {SpikeZScore}. "
                + $"Set it to {limit} or less, or lower Alpha.");
        }
    }
}
