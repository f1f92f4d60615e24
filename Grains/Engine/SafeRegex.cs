using System.Text.RegularExpressions;

namespace OrleansAgent.Grains.Engine;

/// <summary>
/// Compiles operator-supplied regular expressions so that no pattern can stall the pipeline.
/// </summary>
/// <remarks>
/// The non-backtracking engine runs in time linear in the input, so a pattern it accepts can never
/// backtrack catastrophically. It rejects backreferences, lookarounds, atomic groups and a few other
/// constructs. A pattern with one of those falls back to the compiled backtracking engine, where only the
/// match timeout guards it. Every regex gets the timeout, because even linear time is long on a huge input.
/// </remarks>
internal static class SafeRegex
{
    /// <summary>Default bound for one match call on one line.</summary>
    public static readonly TimeSpan DefaultMatchTimeout = TimeSpan.FromMilliseconds(500);

    private const RegexOptions BaseOptions = RegexOptions.CultureInvariant;

    /// <summary>
    /// Compiles <paramref name="pattern"/>; returns null and sets <paramref name="error"/> when the
    /// pattern does not parse.
    /// </summary>
    public static Regex? TryCreate(string pattern, TimeSpan matchTimeout, out string? error)
    {
        var regex = Create(pattern, matchTimeout, out error);
        if (regex is not null)
        {
            WarmUp(regex);
        }

        return regex;
    }

    // The first match JIT-compiles the regex or builds the first automaton states, and that one-off cost
    // counts against the match timeout. Paying it here keeps it from timing out a real log line.
    private static void WarmUp(Regex regex)
    {
        try
        {
            regex.IsMatch("warm-up line 0123456789 ERROR");
        }
        catch (RegexMatchTimeoutException)
        {
            // Only the warm-up timed out; real lines are still guarded by the timeout.
        }
    }

    private static Regex? Create(string pattern, TimeSpan matchTimeout, out string? error)
    {
        try
        {
            error = null;
            return new Regex(pattern, BaseOptions | RegexOptions.NonBacktracking, matchTimeout);
        }
        catch (NotSupportedException)
        {
            // Parses, but uses a construct that only the backtracking engine supports.
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return null;
        }

        try
        {
            error = null;
            return new Regex(pattern, BaseOptions | RegexOptions.Compiled, matchTimeout);
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    /// <summary>True when <paramref name="regex"/> runs on the linear-time engine.</summary>
    public static bool IsLinear(Regex regex) => (regex.Options & RegexOptions.NonBacktracking) != 0;
}
