namespace OrleansAgent.Grains.Interfaces.Patterns;

/// <summary>One log pattern, keyed by its stable pattern id.</summary>
[Alias("IPatternGrain")]
public interface IPatternGrain : IGrainWithStringKey
{
    /// <summary>Counts <paramref name="observation"/> into the pattern and returns the verdict.</summary>
    [Alias("ObserveAsync")]
    Task<PatternVerdict> ObserveAsync(PatternObservation observation);

    /// <summary>Returns the pattern, or <c>null</c> when no line of it was ever observed.</summary>
    [Alias("GetAsync")]
    Task<PatternDetails?> GetAsync();

    /// <summary>Applies an operator change and returns the updated pattern.</summary>
    [Alias("UpdateAsync")]
    Task<PatternDetails> UpdateAsync(PatternUpdate update, string changedBy);

    /// <summary>Marks this pattern as merged into <paramref name="targetPatternId"/> and returns its details so the
    /// target can absorb counts and labels. Repeating the call returns the same details.</summary>
    [Alias("MarkMergedAsync")]
    Task<PatternDetails?> MarkMergedAsync(string targetPatternId);

    /// <summary>Adds the counts and labels of a merged pattern; a pattern absorbed before is ignored.</summary>
    [Alias("AbsorbAsync")]
    Task<PatternSummary> AbsorbAsync(PatternDetails merged);

    /// <summary>Forgets the frequency baseline so the pattern learns its rate again; throws
    /// <see cref="KeyNotFoundException"/> when the pattern does not exist.</summary>
    [Alias("ResetBaselineAsync")]
    Task<PatternDetails> ResetBaselineAsync(string changedBy);

    /// <summary>Clears the stored state; returns false when the pattern did not exist.</summary>
    [Alias("DeleteAsync")]
    Task<bool> DeleteAsync(string changedBy);

    /// <summary>Returns the whole state for a catalog file, or <c>null</c> when the pattern does not exist.</summary>
    [Alias("ExportAsync")]
    Task<PatternExport?> ExportAsync();

    /// <summary>Replaces the whole state with <paramref name="export"/> (validated by the caller) and returns the catalog row.</summary>
    [Alias("RestoreAsync")]
    Task<PatternSummary> RestoreAsync(PatternExport export);
}
