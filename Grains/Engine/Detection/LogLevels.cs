namespace OrleansAgent.Grains.Engine.Detection;

/// <summary>Orders the level words that log headers use, so the most severe one of a batch can be kept.</summary>
public static class LogLevels
{
    /// <summary>Returns a rank from 0 (trace) to 6 (fatal), or -1 for a word that is not a known level.</summary>
    public static int Rank(string? level) => level?.ToUpperInvariant() switch
    {
        "TRACE" or "VERBOSE" or "V" => 0,
        "DEBUG" or "D" => 1,
        "INFO" or "INFORMATION" or "I" => 2,
        "NOTICE" => 3,
        "WARN" or "WARNING" or "W" => 4,
        "ERROR" or "ERR" or "E" or "SEVERE" => 5,
        "FATAL" or "CRITICAL" or "CRIT" or "ALERT" or "EMERG" or "PANIC" or "F" => 6,
        _ => -1,
    };

    /// <summary>Returns the more severe of <paramref name="current"/> and <paramref name="candidate"/>.</summary>
    public static string? MoreSevere(string? current, string? candidate) =>
        Rank(candidate) > Rank(current) ? candidate!.ToUpperInvariant() : current;
}
