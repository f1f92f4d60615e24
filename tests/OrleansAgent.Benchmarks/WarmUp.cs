using System.Diagnostics;

namespace OrleansAgent.Benchmarks;

/// <summary>Runs untimed rounds before a measurement.</summary>
internal static class WarmUp
{
    // The tiered JIT recompiles hot methods with optimisations on a background thread, after a delay and in
    // batches. A few rounds finish before that work does, so the timed part would run slower code and pay
    // for the compilation. With two seconds of rounds the measured rates stopped rising in
    // runs on a two-core machine; that figure is an estimate, not a runtime guarantee.
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(2);

    public static void Run(Action round)
    {
        var clock = Stopwatch.StartNew();
        do
        {
            round();
        }
        while (clock.Elapsed < Duration);
    }
}
