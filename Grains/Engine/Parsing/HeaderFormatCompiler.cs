using System.Text;
using System.Text.RegularExpressions;

namespace OrleansAgent.Grains.Engine.Parsing;

/// <summary>Turns a Loghub-style header format into an anchored regular expression.</summary>
internal static class HeaderFormatCompiler
{
    private static readonly Regex FieldToken = new(@"<([^<>]*)>", RegexOptions.CultureInvariant);
    private static readonly Regex FieldName = new(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);
    private static readonly Regex Spaces = new(" +", RegexOptions.CultureInvariant);

    public static (Regex Regex, string[] Names) Compile(string format)
    {
        if (string.IsNullOrWhiteSpace(format))
        {
            throw new ArgumentException("Header format is empty; give fields such as '<Date> <Time> <Level> <Content>'.", nameof(format));
        }

        var names = new List<string>();
        var pattern = new StringBuilder("^");
        var position = 0;
        foreach (Match field in FieldToken.Matches(format))
        {
            pattern.Append(Spaces.Replace(format[position..field.Index], @"\s+"));
            var name = field.Groups[1].Value;
            if (!FieldName.IsMatch(name))
            {
                throw new ArgumentException($"Header format '{format}' has field '<{name}>'; field names must be letters, digits and underscores.", nameof(format));
            }

            if (names.Contains(name))
            {
                throw new ArgumentException($"Header format '{format}' names field '<{name}>' twice; each field may appear once.", nameof(format));
            }

            names.Add(name);
            pattern.Append(name == "Content" ? $"(?<{name}>.*)" : $"(?<{name}>.*?)");
            position = field.Index + field.Length;
        }

        pattern.Append(Spaces.Replace(format[position..], @"\s+")).Append('$');
        if (!names.Contains("Content"))
        {
            throw new ArgumentException($"Header format '{format}' has no '<Content>' field; add it where the message starts.", nameof(format));
        }

        try
        {
            var regex = new Regex(
                pattern.ToString(),
                RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Singleline,
                TimeSpan.FromSeconds(2));
            return (regex, names.ToArray());
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Header format '{format}' is not a valid pattern: {ex.Message}", nameof(format), ex);
        }
    }
}
