using System.Globalization;

namespace OrleansAgent.Grains.Engine.Parsing;

/// <summary>
/// Parses header timestamps. Times without a zone are taken as UTC. Times without a year take the year of
/// the reference time, and move one year back when that would put them more than a day after the reference
/// (a December line read in January).
/// </summary>
internal static class HeaderTimestamp
{
    private static readonly string[] FullFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss,FFFFFFF", "yyyy-MM-dd-HH.mm.ss.FFFFFFF", "yyyy.MM.dd HH:mm:ss",
        "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm:ss.FFFFFFF", "yy/MM/dd HH:mm:ss", "yyMMdd HHmmss",
        "dd/MMM/yyyy:HH:mm:ss zzz", "ddd MMM d HH:mm:ss yyyy", "ddd MMM dd HH:mm:ss yyyy",
    ];

    private static readonly string[] YearlessFormats =
    [
        "MMM d HH:mm:ss", "MMM dd HH:mm:ss", "MMM d HH:mm:ss.FFFFFFF", "MM-dd HH:mm:ss.FFFFFFF", "MM-dd HH:mm:ss",
        "MMdd HHmmss", "MMdd HH:mm:ss.FFFFFFF", "MMdd HH:mm:ss",
    ];

    public static DateTimeOffset? Parse(string text, DateTimeOffset reference)
    {
        text = CollapseSpaces(text.Trim());
        if (text.Length == 0)
        {
            return null;
        }

        if (TryParseEpoch(text, out var epoch))
        {
            return epoch;
        }

        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;
        if (DateTimeOffset.TryParseExact(text, FullFormats, CultureInfo.InvariantCulture, styles, out var full))
        {
            return full;
        }

        var year = reference.ToUniversalTime().Year;
        foreach (var format in YearlessFormats)
        {
            // The year is prepended so that Feb 29 parses in leap years.
            if (DateTimeOffset.TryParseExact($"{year} {text}", $"yyyy {format}", CultureInfo.InvariantCulture, styles, out var yearless))
            {
                if (yearless > reference.AddDays(1))
                {
                    yearless = yearless.AddYears(-1);
                }

                return yearless;
            }
        }

        return null;
    }

    private static bool TryParseEpoch(string text, out DateTimeOffset value)
    {
        value = default;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        // 10 digits are seconds (2001 to 2286), 13 digits milliseconds; other lengths are not epochs.
        if (text.Length == 10)
        {
            value = DateTimeOffset.FromUnixTimeSeconds(number);
            return true;
        }

        if (text.Length == 13)
        {
            value = DateTimeOffset.FromUnixTimeMilliseconds(number);
            return true;
        }

        return false;
    }

    private static string CollapseSpaces(string text)
    {
        if (!text.Contains("  ", StringComparison.Ordinal))
        {
            return text;
        }

        return string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
