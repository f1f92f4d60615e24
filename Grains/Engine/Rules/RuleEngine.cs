using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Grains.Engine.Rules;

/// <summary>
/// Matches redacted lines against operator rules in definition order. Thread-safe after construction.
/// </summary>
/// <remarks>
/// Each rule is compiled with <see cref="RegexOptions.NonBacktracking"/> when the pattern allows it, because
/// that engine runs in linear time and so cannot hang on a crafted line. Patterns with backreferences,
/// lookarounds or atomic groups need the backtracking engine. Those are compiled with a match timeout and
/// run against adversarial probe lines at validation, which rejects catastrophic backtracking at start-up.
/// </remarks>
public sealed class RuleEngine
{
    /// <summary>Max length of a rule name, so names stay usable in alerts and metrics.</summary>
    public const int MaxNameLength = 200;

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(500);

    private static readonly string[] Probes = BuildProbes();

    private readonly CompiledRule[] _rules;
    private readonly ConcurrentDictionary<string, SourceRules> _rulesBySource = new(StringComparer.Ordinal);
    private long _timeoutCount;

    /// <summary>Validates and compiles <paramref name="rules"/>.</summary>
    /// <exception cref="RuleValidationException">One or more rules are invalid or share a name.</exception>
    public RuleEngine(IEnumerable<RuleDefinition> rules)
        : this(rules, SafeRegex.DefaultMatchTimeout)
    {
    }

    /// <summary>Validates and compiles <paramref name="rules"/> with a custom per-line match timeout.</summary>
    /// <exception cref="RuleValidationException">One or more rules are invalid or share a name.</exception>
    public RuleEngine(IEnumerable<RuleDefinition> rules, TimeSpan matchTimeout)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (matchTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(matchTimeout), matchTimeout, "The match timeout must be positive.");
        }

        var definitions = rules.ToList();
        var failures = new List<RuleValidationResult>();
        var compiled = new List<CompiledRule>(definitions.Count);
        var seenNames = new HashSet<string>(StringComparer.Ordinal);

        foreach (var rule in definitions)
        {
            if (rule is null)
            {
                failures.Add(new RuleValidationResult("(null)", "", "the rule entry is null"));
                continue;
            }

            var (result, regex) = ValidateAndCompile(rule, matchTimeout);
            if (result.IsValid && !seenNames.Add(rule.Name))
            {
                result = result with { Error = "another rule has the same name; rule names must be unique" };
            }

            if (!result.IsValid)
            {
                failures.Add(result);
                continue;
            }

            var literals = RequiredLiterals.Extract(rule.Pattern);
            compiled.Add(new CompiledRule(rule, regex!, new RuleMatch(rule.Name, rule.Action, rule.Severity), literals, LiteralPrefilter.Create([literals])));
        }

        if (failures.Count > 0)
        {
            throw new RuleValidationException(failures);
        }

        _rules = compiled.ToArray();
        Rules = definitions;
    }

    /// <summary>The rules in definition order.</summary>
    public IReadOnlyList<RuleDefinition> Rules { get; }

    /// <summary>Number of match calls that hit the timeout; each was treated as no match.</summary>
    public long TimeoutCount => Interlocked.Read(ref _timeoutCount);

    /// <summary>
    /// Checks that <paramref name="rule"/> has a name, a known severity and action, a pattern that compiles, and,
    /// for a pattern that needs the backtracking engine, that it finishes on adversarial probes within 500 ms.
    /// </summary>
    public static RuleValidationResult Validate(RuleDefinition rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return ValidateAndCompile(rule, SafeRegex.DefaultMatchTimeout).Result;
    }

    /// <summary>Returns the first rule, in definition order, that applies to <paramref name="source"/> and matches.</summary>
    public RuleMatch? Match(string redactedLine, string source)
    {
        ArgumentNullException.ThrowIfNull(redactedLine);
        var rules = RulesFor(source);
        if (rules.Prefilter is not null && !rules.Prefilter.MayMatch(redactedLine))
        {
            return null;
        }

        foreach (var rule in rules.Rules)
        {
            if (IsMatch(rule, redactedLine))
            {
                return rule.Match;
            }
        }

        return null;
    }

    /// <summary>Returns every rule that applies to <paramref name="source"/> and matches, in definition order.</summary>
    public IReadOnlyList<RuleMatch> MatchAll(string redactedLine, string source)
    {
        ArgumentNullException.ThrowIfNull(redactedLine);
        List<RuleMatch>? matches = null;
        foreach (var rule in RulesFor(source).Rules)
        {
            if (IsMatch(rule, redactedLine))
            {
                (matches ??= []).Add(rule.Match);
            }
        }

        return matches ?? (IReadOnlyList<RuleMatch>)[];
    }

    private bool IsMatch(CompiledRule rule, string line)
    {
        if (rule.Prefilter is not null && !rule.Prefilter.MayMatch(line))
        {
            return false;
        }

        try
        {
            return rule.Regex.IsMatch(line);
        }
        catch (RegexMatchTimeoutException)
        {
            Interlocked.Increment(ref _timeoutCount);
            return false;
        }
    }

    private SourceRules RulesFor(string source)
    {
        ArgumentNullException.ThrowIfNull(source);

        // The set of sources is small and fixed by configuration, so the cache stays small.
        return _rulesBySource.GetOrAdd(source, static (s, all) => SourceRules.Create(all, s), _rules);
    }

    private static (RuleValidationResult Result, Regex? Regex) ValidateAndCompile(RuleDefinition rule, TimeSpan matchTimeout)
    {
        var name = rule.Name ?? "";
        var pattern = rule.Pattern ?? "";
        RuleValidationResult Fail(string error) => new(name, pattern, error);

        if (string.IsNullOrWhiteSpace(rule.Name))
        {
            return (Fail("the rule name is empty; give every rule a unique name"), null);
        }

        if (rule.Name.Length > MaxNameLength)
        {
            return (Fail($"the rule name has {rule.Name.Length} characters; the maximum is {MaxNameLength}"), null);
        }

        if (string.IsNullOrEmpty(rule.Pattern))
        {
            return (Fail("the pattern is empty; an empty pattern would match every line"), null);
        }

        if (!Enum.IsDefined(rule.Severity))
        {
            return (Fail($"severity {(int)rule.Severity} is not one of {string.Join(", ", Enum.GetNames<Severity>())}"), null);
        }

        if (!Enum.IsDefined(rule.Action))
        {
            return (Fail($"action {(int)rule.Action} is not one of {string.Join(", ", Enum.GetNames<RuleAction>())}"), null);
        }

        if (rule.Source is not null && string.IsNullOrWhiteSpace(rule.Source))
        {
            return (Fail("the source is blank; omit it to apply the rule to every source"), null);
        }

        var regex = SafeRegex.TryCreate(rule.Pattern, matchTimeout, out var parseError);
        if (regex is null)
        {
            return (Fail($"the pattern does not parse: {parseError}"), null);
        }

        if (!SafeRegex.IsLinear(regex))
        {
            var probeError = RunProbes(rule.Pattern);
            if (probeError is not null)
            {
                return (Fail(probeError), null);
            }
        }

        return (new RuleValidationResult(name, pattern, null), regex);
    }

    // The probes use their own interpreted regex with a generous timeout. A pattern that backtracks
    // catastrophically on 4 KB runs for years, while a sound one finishes within milliseconds even on a
    // loaded host, so a short per-line timeout cannot make a sound rule fail validation.
    private static string? RunProbes(string pattern)
    {
        var probeRegex = new Regex(pattern, RegexOptions.CultureInvariant, ProbeTimeout);
        foreach (var probe in Probes)
        {
            try
            {
                probeRegex.IsMatch(probe);
            }
            catch (RegexMatchTimeoutException)
            {
                return $"the pattern timed out after {ProbeTimeout.TotalMilliseconds:0} ms on a {probe.Length}-character "
                    + "probe line, which means catastrophic backtracking; avoid nested quantifiers such as (a+)+ or (\\w+\\s?)*";
            }
        }

        return null;
    }

    // Long runs of one character class followed by a character that forces failure are the classic
    // trigger for exponential backtracking in nested or overlapping quantifiers.
    private static string[] BuildProbes()
    {
        const int Length = 4096;
        return
        [
            new string('a', Length) + "!",
            new string('0', Length) + "!",
            new string(' ', Length) + "!",
            string.Concat(Enumerable.Repeat("a ", Length / 2)) + "!",
            string.Concat(Enumerable.Repeat("a.", Length / 2)) + "!",
            string.Concat(Enumerable.Repeat("ab", Length / 2)) + "!",
            string.Concat(Enumerable.Repeat("a=", Length / 2)) + "\n",
        ];
    }

    // Literals and Prefilter are null when the pattern's required text could not be determined.
    private sealed record CompiledRule(
        RuleDefinition Definition, Regex Regex, RuleMatch Match, RequiredLiterals.Result? Literals, LiteralPrefilter? Prefilter);

    // The rules of one source, and one filter over all their literals that rejects most lines in a single pass.
    private sealed record SourceRules(CompiledRule[] Rules, LiteralPrefilter? Prefilter)
    {
        public static SourceRules Create(CompiledRule[] all, string source)
        {
            var rules = all
                .Where(r => r.Definition.Source is null || string.Equals(r.Definition.Source, source, StringComparison.Ordinal))
                .ToArray();
            return new SourceRules(rules, rules.Length == 0 ? null : LiteralPrefilter.Create(rules.Select(r => r.Literals)));
        }
    }
}
