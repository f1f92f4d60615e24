namespace OrleansAgent.Grains.Engine.Baseline;

/// <summary>Rejects stored baseline states that would restore into an inconsistent baseline.</summary>
internal static class BaselineStateValidator
{
    public static void Validate(BaselineState state, long windowTicks)
    {
        if (state.WindowSizeTicks != windowTicks)
        {
            throw Invalid($"it was built with window size {TimeSpan.FromTicks(state.WindowSizeTicks)} but Baseline:WindowSize is "
                + $"{TimeSpan.FromTicks(windowTicks)}; restore it with the original window size or reset the baseline");
        }

        if (!IsFiniteNonNegative(state.Mean) || !IsFiniteNonNegative(state.Variance))
        {
            throw Invalid($"mean {state.Mean} and variance {state.Variance} must be finite and not negative");
        }

        if (state.OpenCount < 0 || state.OpenLateCount < 0 || state.ClosedWindows < 0 || state.LateEvents < 0)
        {
            throw Invalid("counts must not be negative");
        }

        if (state.Recent is null)
        {
            throw Invalid("the recent window list is missing");
        }

        ValidateRecent(state, windowTicks);
    }

    private static void ValidateRecent(BaselineState state, long windowTicks)
    {
        long? previous = null;
        foreach (var w in state.Recent)
        {
            var start = w.Start.UtcTicks;
            if (start % windowTicks != 0 || w.Count < 0 || !IsFiniteNonNegative(w.MeanBefore) || !IsFiniteNonNegative(w.VarianceBefore))
            {
                throw Invalid($"recent window {w.Start:O} is not aligned to the window size or has a negative or non-finite value");
            }

            if (start <= previous || (state.OpenWindowStart is { } open && start >= open.UtcTicks))
            {
                throw Invalid($"recent window {w.Start:O} is out of order or not before the open window");
            }

            previous = start;
        }

        if (state.OpenWindowStart is { } openStart && openStart.UtcTicks % windowTicks != 0)
        {
            throw Invalid($"open window start {openStart:O} is not aligned to the window size");
        }
    }

    private static bool IsFiniteNonNegative(double value) => double.IsFinite(value) && value >= 0;

    private static ArgumentException Invalid(string detail) =>
        new($"The stored baseline state is invalid: {detail}.", "state");
}
