namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>Settings of a <see cref="TemplateMiner"/>. One configuration serves every log source.</summary>
public sealed class MinerOptions
{
    /// <summary>
    /// Maximum number of patterns a miner keeps. Default 5000. When a new pattern would exceed it, the
    /// unprotected pattern with the fewest lines is evicted (the least recently seen among equals).
    /// </summary>
    /// <remarks>
    /// Retained managed memory was measured at about 2.3 KB per pattern of 7 tokens on the Loghub samples,
    /// 3.5 KB for 10 tokens and 10 KB for 30 tokens (docs/benchmarks.md). A full miner at the default cap
    /// therefore needs roughly 10 to 50 MB.
    /// </remarks>
    public int MaxPatterns { get; set; } = 5000;

    /// <summary>
    /// Maximum number of tokens of one line that take part in mining. Default 256. The tokens after the
    /// first <c>MaxTokensPerLine - 1</c> collapse into one trailing variable.
    /// </summary>
    public int MaxTokensPerLine { get; set; } = 256;

    /// <summary>
    /// Text hashed in front of every first template when a pattern id is derived. Default empty. Miners that
    /// must produce the same ids for the same lines share the namespace.
    /// </summary>
    public string IdNamespace { get; set; } = "";

    /// <summary>
    /// Minimum share of token positions that must agree (equal tokens or open positions of the pattern)
    /// for a line to join an existing pattern. Default 0.5. Range (0, 1]. The differences must also not
    /// outnumber the equal literal tokens.
    /// </summary>
    public double SimilarityThreshold { get; set; } = 0.5;

    /// <summary>
    /// Maximum difference in token count between a line and a pattern that it may join by alignment, where
    /// extra tokens are absorbed into a variable. Default 2. Zero turns alignment off.
    /// </summary>
    public int MaxLengthDifference { get; set; } = 2;

    /// <summary>
    /// Number of different plain words a position must show before it becomes a variable, when the lines
    /// agree everywhere else. Default 3: two words (start/end, ok/error) usually name two messages, while a
    /// third suggests a value such as a user name. Values with digits, paths and similar are variables at once.
    /// </summary>
    public int MinDistinctWords { get; set; } = 3;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (MaxPatterns < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPatterns), MaxPatterns, "MaxPatterns must be at least 1.");
        }

        if (MaxTokensPerLine < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTokensPerLine), MaxTokensPerLine, "MaxTokensPerLine must be at least 2.");
        }

        if (IdNamespace is null)
        {
            throw new ArgumentNullException(nameof(IdNamespace), "IdNamespace must not be null; use an empty string for no namespace.");
        }

        if (!(SimilarityThreshold > 0 && SimilarityThreshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(SimilarityThreshold), SimilarityThreshold, "SimilarityThreshold must be greater than 0 and at most 1.");
        }

        if (MinDistinctWords < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MinDistinctWords), MinDistinctWords, "MinDistinctWords must be at least 2.");
        }

        if (MaxLengthDifference < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLengthDifference), MaxLengthDifference, "MaxLengthDifference must not be negative.");
        }
    }
}
