using System.Buffers;
using System.Text.RegularExpressions;

namespace OrleansAgent.Grains.Engine.Redaction;

/// <summary>
/// Removes secrets and personal data from log text before any other stage reads it. Thread-safe.
/// </summary>
/// <remarks>
/// <para>The built-in detectors are hand-written linear scanners, not regular expressions, so they cost one pass
/// per detector on a candidate line and cannot backtrack on a crafted 1 MB line. One vectorized pass
/// (<see cref="CandidateScan"/>) first decides which detectors could change the line; most lines need none and
/// are returned as the same instance.</para>
/// <para>Detectors run in a fixed order so that the more specific placeholder wins: private key blocks, HTTP
/// authorization credentials, URL user info, secret-named key values, JWTs, AWS access key ids, emails, cards,
/// then the custom patterns.</para>
/// <para>Custom patterns run on every line with a match timeout. When one times out the whole text is replaced
/// by <see cref="RedactionPlaceholders.Timeout"/>, because text that could not be checked may hold a secret.</para>
/// </remarks>
public sealed class Redactor
{
    /// <summary>Words whose presence makes the keyword detectors run, compared case-insensitively, besides '@'.</summary>
    internal static readonly string[] TriggerWords =
    [
        "-----BEGIN ", "bearer", "basic", "://", "eyJ", "AKIA", "ASIA", .. KeyValueDetector.Keywords,
    ];

    // The scan's three-character anchors also match words such as "keys". This exact search runs only on the
    // lines the scan passes and keeps most of those away from the seven detectors. It is case-insensitive, so
    // "basic" in prose and "Asia/Tokyo" still pass and the detectors decide. '@' is searched separately,
    // because a one-character entry would cost the multi-string search its fast path.
    private static readonly SearchValues<string> TriggerSearch = SearchValues.Create(TriggerWords, StringComparison.OrdinalIgnoreCase);

    /// <summary>Detectors that run, in this order, when a line has '@' or a trigger word.</summary>
    internal static readonly Func<string, RedactionTally?, string>[] TriggeredDetectors =
    [
        PemDetector.Apply,
        AuthorizationDetector.Apply,
        UrlCredentialDetector.Apply,
        KeyValueDetector.Apply,
        JwtDetector.Apply,
        AwsAccessKeyIdDetector.Apply,
        EmailDetector.Apply,
    ];

    private readonly CustomPattern[] _customPatterns;
    private long _timeoutCount;

    /// <summary>Creates a redactor with the built-in detectors and <paramref name="customPatterns"/>.</summary>
    /// <exception cref="ArgumentException">A custom pattern is incomplete or does not parse; the message names it.</exception>
    public Redactor(IEnumerable<RedactionPattern>? customPatterns = null)
        : this(customPatterns, SafeRegex.DefaultMatchTimeout)
    {
    }

    /// <summary>Creates a redactor whose custom patterns use <paramref name="matchTimeout"/> per line.</summary>
    /// <exception cref="ArgumentException">A custom pattern is incomplete or does not parse; the message names it.</exception>
    public Redactor(IEnumerable<RedactionPattern>? customPatterns, TimeSpan matchTimeout)
    {
        if (matchTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(matchTimeout), matchTimeout, "The match timeout must be positive.");
        }

        _customPatterns = (customPatterns ?? []).Select(p => CustomPattern.Create(p, matchTimeout)).ToArray();
    }

    /// <summary>Redactor with the built-in detectors only.</summary>
    public static Redactor Default { get; } = new();

    /// <summary>Number of texts replaced by <see cref="RedactionPlaceholders.Timeout"/> because a custom pattern timed out.</summary>
    public long TimeoutCount => Interlocked.Read(ref _timeoutCount);

    /// <summary>Returns <paramref name="text"/> with secrets replaced; returns the same instance when nothing matched.</summary>
    public string Redact(string text) => Run(text, tally: null);

    /// <summary>Redacts <paramref name="text"/> and counts the replacements per placeholder, for explain and audit output.</summary>
    public RedactionResult RedactWithDetails(string text)
    {
        var tally = new RedactionTally();
        var redacted = Run(text, tally);
        return new RedactionResult(redacted, tally.Counts);
    }

    private string Run(string text, RedactionTally? tally)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = text;

        var candidates = CandidateScan.Scan(text);
        if (candidates.HasTriggerAnchor && (text.Contains('@') || text.AsSpan().ContainsAny(TriggerSearch)))
        {
            foreach (var detector in TriggeredDetectors)
            {
                result = detector(result, tally);
            }

            // The card positions must come from the text the card detector will read.
            if (!ReferenceEquals(result, text))
            {
                candidates = CandidateScan.Scan(result);
            }
        }

        if (candidates.MayHoldCard)
        {
            result = CardDetector.Apply(result, tally, candidates.FirstCardStart, candidates.LastCardStart);
        }

        foreach (var pattern in _customPatterns)
        {
            if (!pattern.TryApply(result, tally, out result))
            {
                Interlocked.Increment(ref _timeoutCount);
                tally?.Clear();
                tally?.Add(RedactionPlaceholders.Timeout);
                return RedactionPlaceholders.Timeout;
            }
        }

        return result;
    }

    private sealed class CustomPattern(RedactionPattern definition, Regex regex)
    {
        private const string ValueGroup = "value";

        private readonly int _valueGroup = regex.GroupNumberFromName(ValueGroup);

        public static CustomPattern Create(RedactionPattern pattern, TimeSpan matchTimeout)
        {
            if (pattern is null)
            {
                throw new ArgumentException("A custom redaction pattern entry is null; remove it or fill in Name, Pattern and Placeholder.");
            }

            if (string.IsNullOrWhiteSpace(pattern.Name))
            {
                throw new ArgumentException($"A custom redaction pattern with regex '{pattern.Pattern}' has no name; give it a name.");
            }

            if (string.IsNullOrEmpty(pattern.Pattern))
            {
                throw new ArgumentException($"Custom redaction pattern '{pattern.Name}' has an empty regex; set Pattern.");
            }

            if (string.IsNullOrEmpty(pattern.Placeholder))
            {
                throw new ArgumentException($"Custom redaction pattern '{pattern.Name}' has an empty placeholder; set Placeholder, for example \"<CUSTOMER_ID>\".");
            }

            var regex = SafeRegex.TryCreate(pattern.Pattern, matchTimeout, out var error)
                ?? throw new ArgumentException(
                    $"Custom redaction pattern '{pattern.Name}' has an invalid regex '{pattern.Pattern}': {error} Fix the regex or remove the pattern.");
            return new CustomPattern(pattern, regex);
        }

        // Returns false when the match timed out.
        public bool TryApply(string text, RedactionTally? tally, out string result)
        {
            try
            {
                result = regex.Replace(text, m => Replace(m, tally));
                return true;
            }
            catch (RegexMatchTimeoutException)
            {
                result = RedactionPlaceholders.Timeout;
                return false;
            }
        }

        private string Replace(Match match, RedactionTally? tally)
        {
            tally?.Add(definition.Placeholder);
            var group = _valueGroup >= 0 ? match.Groups[_valueGroup] : null;
            if (group is null || !group.Success)
            {
                return definition.Placeholder;
            }

            var offset = group.Index - match.Index;
            return string.Concat(match.ValueSpan[..offset], definition.Placeholder, match.ValueSpan[(offset + group.Length)..]);
        }
    }
}
