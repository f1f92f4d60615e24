namespace OrleansAgent.Grains.Interfaces.Rules;

/// <summary>
/// The regex rules and custom redaction patterns in force for the cluster, keyed by <see cref="GrainKeys.Cluster"/>.
/// Seeded from configuration on first use; every silo polls it and applies a new version without a restart.
/// </summary>
[Alias("IRulesGrain")]
public interface IRulesGrain : IGrainWithStringKey
{
    /// <summary>Returns the current set.</summary>
    [Alias("GetAsync")]
    Task<RuleSet> GetAsync();

    /// <summary>
    /// Replaces the set when <paramref name="proposed"/> carries the current version, and returns the stored set
    /// with the next version. Returns <c>null</c> when another change came first, and throws
    /// <see cref="ArgumentException"/> when a rule or pattern is invalid.
    /// </summary>
    [Alias("ReplaceAsync")]
    Task<RuleSet?> ReplaceAsync(RuleSet proposed);
}

/// <summary>A regex rule as stored; <paramref name="Action"/> is <c>alert</c> or <c>ignore</c>.</summary>
[GenerateSerializer, Immutable, Alias("StoredRule")]
public sealed record StoredRule(string Name, string Pattern, Severity Severity, string Action, string? Source);

/// <summary>A custom redaction pattern as stored.</summary>
[GenerateSerializer, Immutable, Alias("StoredRedactionPattern")]
public sealed record StoredRedactionPattern(string Name, string Pattern, string Placeholder);

/// <summary>The rules and redaction patterns of one version.</summary>
[GenerateSerializer, Immutable, Alias("RuleSet")]
public sealed record RuleSet(long Version, ImmutableArray<StoredRule> Rules, ImmutableArray<StoredRedactionPattern> RedactionPatterns);
