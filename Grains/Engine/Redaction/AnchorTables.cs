using System.Runtime.Intrinsics;

namespace OrleansAgent.Grains.Engine.Redaction;

/// <summary>
/// Nibble tables of the anchor filter in <see cref="CandidateScanKernel{TVector}"/>: for anchor position
/// 0, 1 and 2, one table indexed by the low nibble and one by the high nibble of a character. Entry bit b is
/// set when bucket b accepts that nibble at that position; an ASCII letter is accepted in both cases.
/// </summary>
internal readonly record struct AnchorTables(
    Vector128<byte> LowNibbles0,
    Vector128<byte> HighNibbles0,
    Vector128<byte> LowNibbles1,
    Vector128<byte> HighNibbles1,
    Vector128<byte> LowNibbles2,
    Vector128<byte> HighNibbles2)
{
    private const int MaxBuckets = 8;

    /// <summary>Builds the tables for <paramref name="buckets"/>, at most eight groups of anchors of one to three characters.</summary>
    public static AnchorTables Build(string[][] buckets)
    {
        if (buckets.Length > MaxBuckets)
        {
            throw new ArgumentException($"{buckets.Length} anchor buckets were given; a table entry has bits for {MaxBuckets}.", nameof(buckets));
        }

        return new AnchorTables(
            BuildTable(buckets, 0, highNibble: false),
            BuildTable(buckets, 0, highNibble: true),
            BuildTable(buckets, 1, highNibble: false),
            BuildTable(buckets, 1, highNibble: true),
            BuildTable(buckets, 2, highNibble: false),
            BuildTable(buckets, 2, highNibble: true));
    }

    private static Vector128<byte> BuildTable(string[][] buckets, int anchorPosition, bool highNibble)
    {
        Span<byte> table = stackalloc byte[Vector128<byte>.Count];
        table.Clear();
        for (var bucket = 0; bucket < buckets.Length; bucket++)
        {
            var bit = (byte)(1 << bucket);
            foreach (var anchor in buckets[bucket])
            {
                if (anchorPosition >= anchor.Length)
                {
                    // A shorter anchor accepts any character after its end.
                    for (var nibble = 0; nibble < table.Length; nibble++)
                    {
                        table[nibble] |= bit;
                    }

                    continue;
                }

                // Upper and lower case differ only in bit 5, which is in the high nibble.
                var c = anchor[anchorPosition];
                if (!highNibble)
                {
                    table[c & 0x0F] |= bit;
                }
                else if (char.IsAsciiLetter(c))
                {
                    table[char.ToLowerInvariant(c) >> 4] |= bit;
                    table[char.ToUpperInvariant(c) >> 4] |= bit;
                }
                else
                {
                    table[c >> 4] |= bit;
                }
            }
        }

        return Vector128.Create(table);
    }
}
