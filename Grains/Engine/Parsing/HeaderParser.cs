using System.Text;
using System.Text.RegularExpressions;

namespace OrleansAgent.Grains.Engine.Parsing;

/// <summary>
/// Splits a log line into header fields (timestamp, level, component, others) and the message content.
/// </summary>
/// <remarks>
/// Timestamps without a zone are UTC. Timestamps without a year take the year of the reference time
/// (<see cref="DateTimeOffset.UtcNow"/> unless one is passed) and roll back one year when the result would be
/// more than a day after the reference. A line that matches no layout is all content.
/// </remarks>
public sealed class HeaderParser
{
    private const string ContentField = "Content";


    private readonly Regex? _format;
    private readonly string[] _fieldNames;
    private readonly bool _automatic;

    private HeaderParser(Regex? format, string[] fieldNames, bool automatic)
    {
        _format = format;
        _fieldNames = fieldNames;
        _automatic = automatic;
    }

    /// <summary>Recognises common layouts by themselves; see the type remarks for the rules.</summary>
    public static HeaderParser Automatic { get; } = new(null, [], true);

    /// <summary>Takes the whole line as content.</summary>
    public static HeaderParser None { get; } = new(null, [], false);

    /// <summary>
    /// Creates a parser for a Loghub-style format such as <c>&lt;Date&gt; &lt;Time&gt; &lt;Level&gt; &lt;Component&gt;: &lt;Content&gt;</c>.
    /// Each <c>&lt;Name&gt;</c> captures a field; the text between fields is a regular expression fragment as in
    /// Loghub (escape <c>[ ] ( )</c> with a backslash to match them literally) and each run of spaces matches any
    /// whitespace. Fields named Level and Component fill those properties; Timestamp, Date, Month, Day and Time
    /// together form the timestamp.
    /// </summary>
    /// <exception cref="ArgumentException">The format is empty, lacks exactly one <c>&lt;Content&gt;</c>, repeats
    /// a field, has a field name that is not letters, digits and underscores, or is not a valid pattern.</exception>
    public static HeaderParser FromFormat(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var (regex, names) = HeaderFormatCompiler.Compile(format);
        return new HeaderParser(regex, names, false);
    }

    /// <summary>Parses <paramref name="line"/>, taking the current UTC time as the reference for year-less timestamps.</summary>
    public ParsedLine Parse(string line) => Parse(line, DateTimeOffset.UtcNow);

    /// <summary>Parses <paramref name="line"/>; <paramref name="reference"/> supplies the year of year-less timestamps.</summary>
    public ParsedLine Parse(string line, DateTimeOffset reference)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (_format is not null)
        {
            return ParseWithFormat(line, reference);
        }

        return _automatic ? ParseAutomatic(line, reference) : new ParsedLine(line, null, null, null, null);
    }

    private ParsedLine ParseWithFormat(string line, DateTimeOffset reference)
    {
        Match match;
        try
        {
            match = _format!.Match(line);
        }
        catch (RegexMatchTimeoutException)
        {
            return new ParsedLine(line, null, null, null, null);
        }

        if (!match.Success)
        {
            return new ParsedLine(line, null, null, null, null);
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in _fieldNames)
        {
            var group = match.Groups[name];
            if (group.Success && name != ContentField)
            {
                fields[name] = group.Value;
            }
        }

        var level = TakeField(fields, "Level");
        var component = TakeField(fields, "Component");
        var timestamp = HeaderTimestamp.Parse(TimestampText(fields), reference);
        return new ParsedLine(match.Groups[ContentField].Value, timestamp, level, component, fields.Count == 0 ? null : fields);
    }

    private static ParsedLine ParseAutomatic(string line, DateTimeOffset reference)
    {
        foreach (var layout in (ReadOnlySpan<Regex>)[AutomaticHeaderLayouts.Syslog, AutomaticHeaderLayouts.Generic])
        {
            Match match;
            try
            {
                match = layout.Match(line);
            }
            catch (RegexMatchTimeoutException)
            {
                continue;
            }

            if (!match.Success)
            {
                continue;
            }

            var timestamp = HeaderTimestamp.Parse(match.Groups["ts"].Value, reference);
            if (timestamp is null)
            {
                continue;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in (ReadOnlySpan<string>)["pid", "tid", "host", "thread"])
            {
                var group = match.Groups[name];
                if (group.Success && group.Length > 0)
                {
                    fields[name] = group.Value;
                }
            }

            var level = match.Groups["level"];
            var component = match.Groups["component"];
            return new ParsedLine(
                match.Groups["content"].Value,
                timestamp,
                level.Success ? level.Value : null,
                component.Success ? component.Value : null,
                fields.Count == 0 ? null : fields);
        }

        return new ParsedLine(line, null, null, null, null);
    }

    private static string? TakeField(Dictionary<string, string> fields, string name)
    {
        if (!fields.Remove(name, out var value))
        {
            return null;
        }

        return value.Length == 0 ? null : value;
    }

    private static string TimestampText(Dictionary<string, string> fields)
    {
        if (fields.TryGetValue("Timestamp", out var timestamp) && timestamp.Length > 0)
        {
            return timestamp;
        }

        var text = new StringBuilder();
        foreach (var name in (ReadOnlySpan<string>)["Month", "Date", "Day", "Time"])
        {
            if (fields.TryGetValue(name, out var value) && value.Length > 0)
            {
                text.Append(text.Length == 0 ? "" : " ").Append(value);
            }
        }

        return text.ToString();
    }
}
