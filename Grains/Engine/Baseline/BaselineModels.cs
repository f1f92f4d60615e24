namespace OrleansAgent.Grains.Engine.Baseline;

/// <summary>Event count of one window, by the events' own timestamps.</summary>
public readonly record struct WindowCount(DateTimeOffset Start, long Count);

/// <summary>Spike test result for the open window of a <see cref="RateBaseline"/>.</summary>
/// <param name="IsSpike">True when every spike condition holds.</param>
/// <param name="WindowStart">Start of the open window; null before the first event.</param>
/// <param name="WindowCount">Events counted in the open window by their own timestamps.</param>
/// <param name="LateCount">Late events parked in the open window; they take no part in the spike test.</param>
/// <param name="Mean">EWMA mean count per window over the closed windows.</param>
/// <param name="StdDev">Standard deviation used for the z-score: sqrt(max(1, variance + mean)).</param>
/// <param name="ZScore">(WindowCount - Mean) / StdDev.</param>
/// <param name="Ratio">WindowCount / Mean, with the mean floored at 0.001 so the value stays finite.</param>
/// <param name="ClosedWindows">Windows folded into the baseline so far.</param>
/// <param name="Reason">Why the window is or is not a spike, for explain output.</param>
public sealed record SpikeAssessment(
    bool IsSpike,
    DateTimeOffset? WindowStart,
    long WindowCount,
    long LateCount,
    double Mean,
    double StdDev,
    double ZScore,
    double Ratio,
    int ClosedWindows,
    string Reason);

/// <summary>Serialisable snapshot of a <see cref="RateBaseline"/>; round-trips through System.Text.Json.</summary>
/// <param name="WindowSizeTicks">Window size the state was built with; restoring with another size is rejected.</param>
/// <param name="OpenWindowStart">Start of the open window; null before the first event.</param>
/// <param name="OpenCount">On-time events in the open window.</param>
/// <param name="OpenLateCount">Late events parked in the open window.</param>
/// <param name="Mean">EWMA mean over the closed windows.</param>
/// <param name="Variance">EWMA variance over the closed windows.</param>
/// <param name="ClosedWindows">Windows folded so far.</param>
/// <param name="LateEvents">Events that arrived too late to count in their own window, since creation or reset.</param>
/// <param name="Recent">Recent closed windows, oldest first.</param>
public sealed record BaselineState(
    long WindowSizeTicks,
    DateTimeOffset? OpenWindowStart,
    long OpenCount,
    long OpenLateCount,
    double Mean,
    double Variance,
    int ClosedWindows,
    long LateEvents,
    IReadOnlyList<BaselineWindowState> Recent);

/// <summary>One recent closed window with the baseline as it was before the window was folded.</summary>
/// <param name="Start">Window start.</param>
/// <param name="Count">Events counted in the window.</param>
/// <param name="Folded">False for windows of a long gap that were treated as missing data.</param>
/// <param name="MeanBefore">EWMA mean before this window was folded.</param>
/// <param name="VarianceBefore">EWMA variance before this window was folded.</param>
public sealed record BaselineWindowState(
    DateTimeOffset Start,
    long Count,
    bool Folded,
    double MeanBefore,
    double VarianceBefore);
