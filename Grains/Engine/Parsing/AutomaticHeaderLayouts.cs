using System.Text.RegularExpressions;

namespace OrleansAgent.Grains.Engine.Parsing;

/// <summary>
/// The header layouts that <see cref="HeaderParser.Automatic"/> recognises: a leading timestamp in a common
/// format, then optionally pid and thread id, a level word, a bracketed thread and a component ending in a
/// colon (or <c> - </c>); or a syslog line (<c>Jun 14 15:16:01 host program[pid]: message</c>).
/// </summary>
internal static class AutomaticHeaderLayouts
{
    private const string Timestamp =
        @"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?"
        + @"|\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,9})?"
        + @"|\d{2}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}"
        + @"|\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,9})?"
        + @"|\d{6} \d{6}|\d{4} \d{6}"
        + @"|\d{13}|\d{10}";

    private const string LevelWord =
        "(?i:TRACE|DEBUG|INFO|INFORMATION|NOTICE|WARN|WARNING|ERROR|ERR|SEVERE|FATAL|CRITICAL|CRIT|ALERT|EMERG|VERBOSE)";

    private const string SyslogTimestamp = @"[A-Z][a-z]{2} {1,2}\d{1,2} \d{2}:\d{2}:\d{2}";

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Singleline;

    // A match takes microseconds; the timeout is a guard only. It is long because it counts wall-clock
    // time, and on a loaded host a short one made well-formed lines lose their header now and then.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    public static readonly Regex Syslog = new(
        $@"^(?<ts>{SyslogTimestamp})\s+(?<host>\S+)\s+(?<component>[^\s\[:]+)(?:\[(?<pid>\d+)\])?:\s*(?<content>.*)$",
        Options,
        MatchTimeout);

    public static readonly Regex Generic = new(
        $@"^\[?(?<ts>{Timestamp})\]?\s+"
        + @"(?:(?<pid>\d+)\s+(?:(?<tid>\d+)\s+)?)?"
        + @"(?:\[(?<thread>[^\]]*)\]\s+)?"
        + $@"(?:(?:\[(?<level>{LevelWord})\]|(?<level>{LevelWord})|(?<level>[VDIWEF])(?=\s+[^\s:]+:\s))\s+"
        + @"(?:(?<pid>\d+)\s+)?"
        + @"(?:\[(?<thread>[^\]]*)\]\s+)?"
        + @"(?:(?<component>[^\s:\[\]]+)(?::\s+|:$|\s+-\s+))?)?"
        + @"(?<content>.*)$",
        Options,
        MatchTimeout);
}
