using System.Buffers;
using System.Text;

namespace OrleansAgent.Grains.Engine.Rules;

/// <summary>
/// A cheap necessary condition for a set of regexes: a line that contains none of their required literals
/// cannot match any of them. Lines that might match still go to the regexes.
/// </summary>
internal sealed class LiteralPrefilter
{
    private readonly SearchValues<string>? _ordinal;
    private readonly SearchValues<string>? _ignoreCase;

    private LiteralPrefilter(IReadOnlyCollection<string> ordinal, IReadOnlyCollection<string> ignoreCase)
    {
        _ordinal = ordinal.Count == 0 ? null : SearchValues.Create(ordinal.ToArray(), StringComparison.Ordinal);
        _ignoreCase = ignoreCase.Count == 0 ? null : SearchValues.Create(ignoreCase.ToArray(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Builds the filter for patterns that must all have required literals; returns null when one
    /// has none, since then every line has to reach the regexes anyway.</summary>
    public static LiteralPrefilter? Create(IEnumerable<RequiredLiterals.Result?> patterns)
    {
        var ordinal = new HashSet<string>(StringComparer.Ordinal);
        var ignoreCase = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            if (pattern is not { } literals)
            {
                return null;
            }

            (literals.IgnoreCase ? ignoreCase : ordinal).UnionWith(literals.Literals);
        }

        return ordinal.Count + ignoreCase.Count == 0 ? null : new LiteralPrefilter(ordinal, ignoreCase);
    }

    /// <summary>False only when no pattern of the filter can match <paramref name="line"/>.</summary>
    public bool MayMatch(string line)
    {
        var span = line.AsSpan();
        if (_ordinal is not null && span.ContainsAny(_ordinal))
        {
            return true;
        }

        // The regex engine's case-insensitive matching treats a few non-ASCII letters (the Kelvin sign for k)
        // as equal to ASCII ones, which an ordinal search would miss, so such lines go to the regexes.
        return _ignoreCase is not null && (span.ContainsAny(_ignoreCase) || !Ascii.IsValid(span));
    }
}
