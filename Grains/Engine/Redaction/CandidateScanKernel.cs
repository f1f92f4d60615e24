using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OrleansAgent.Grains.Engine.Redaction;

/// <summary>The block loop of <see cref="CandidateScan"/> for one vector width.</summary>
/// <remarks>
/// <para>Anchors: the characters of a block are loaded three times, shifted by 0, 1 and 2 positions, and
/// classified through two 16-entry tables (<see cref="AnchorTables"/>) indexed by the low and the high nibble,
/// as in the Teddy algorithm of Hyperscan. A bucket bit that survives all three positions marks a possible
/// anchor start.</para>
/// <para>Cards: each block yields bit masks of its digits, its digits 2 to 6, and its card characters (a digit,
/// or a ' ' or '-' followed by a digit); bit i stands for position i of the block. The masks of two neighbouring
/// blocks are joined into one window, so a 13-character run across a block border is seen whole.</para>
/// <para>The last block is moved back to end where the text ends, overlapping the block before it. No load
/// reads past the text, and a position seen twice yields the same bits both times.</para>
/// </remarks>
internal static class CandidateScanKernel<TVector>
    where TVector : struct, IByteVector<TVector>
{
    private const int Lookahead = CandidateScan.AnchorLength - 1;

    /// <summary>Shortest text <see cref="Scan"/> accepts: one block and the anchor lookahead.</summary>
    public static int MinLength => TVector.Width + Lookahead;

    // Optimized from the first call: unoptimized first-tier code would make a call for every vector operation.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Candidates Scan(ReadOnlySpan<char> text, in AnchorTables tables)
    {
        if (text.Length < MinLength)
        {
            ThrowTooShort(text.Length);
        }

        ref var start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        var width = TVector.Width;
        var finder = new AnchorFinder(tables);
        var anchors = TVector.Broadcast(0);
        var previous = default(CardMasks);
        var cardStarts = new CardStartRange(-1, -1);

        // The loop covers the blocks before the last one, which is moved back to end where the text ends.
        var lastStart = text.Length - MinLength;
        var position = 0;
        for (; position < lastStart; position += width)
        {
            ref var block = ref Unsafe.Add(ref start, position);
            var chars = TVector.LoadSaturated(ref block, 0);
            var nextChars = TVector.LoadTruncated(ref block, 1);
            anchors |= finder.Find(chars, nextChars, TVector.LoadTruncated(ref block, 2));
            var masks = ClassifyCard(chars, DigitBits(nextChars));
            cardStarts = cardStarts.Add(FindCardStarts((masks << width) | previous), position - width);
            previous = masks;
        }

        // The last block covers anchor starts up to three characters before the end. The last `width`
        // characters are loaded once more for an '@' and for the card bits of the final two positions.
        ref var lastBlock = ref Unsafe.Add(ref start, lastStart);
        var lastChars = TVector.LoadSaturated(ref lastBlock, 0);
        var lastNextChars = TVector.LoadTruncated(ref lastBlock, 1);
        anchors |= finder.Find(lastChars, lastNextChars, TVector.LoadTruncated(ref lastBlock, 2));
        var endChars = TVector.LoadSaturated(ref start, (nuint)(text.Length - width));
        anchors |= TVector.Equal(endChars, TVector.Broadcast((byte)'@'));

        // The window covers the last 2 * width positions, and `unscanned` (2 to width + 2) of them follow the
        // previous block. Positions before that block stay zero because their card starts were checked already.
        var unscanned = text.Length - position;
        var beforeEnd = ClassifyCard(lastChars, DigitBits(lastNextChars));
        var atEnd = ClassifyCard(endChars, DigitBits(endChars) >> 1);
        var window = (atEnd << width) | (beforeEnd << (width - Lookahead)) | ((previous << width) >> unscanned);
        cardStarts = cardStarts.Add(FindCardStarts(window), text.Length - (2 * width));

        return new Candidates(!TVector.IsZero(anchors), cardStarts.First, cardStarts.Last);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong DigitBits(TVector chars) =>
        TVector.MostSignificantBits(TVector.AtMost(chars - TVector.Broadcast((byte)'0'), TVector.Broadcast(9)));

    private static void ThrowTooShort(int length) =>
        throw new ArgumentException($"The text has {length} characters; the scan needs at least {MinLength}. Pad it with NUL characters.", "text");

    // `digitFollows` has bit i set when position i + 1 is a digit. It may come from a truncated load, where
    // U+0131 reads as '1', because an extra bit only lets a separator count as a card character.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static CardMasks ClassifyCard(TVector chars, ulong digitFollows)
    {
        var digits = DigitBits(chars);
        var leads = TVector.MostSignificantBits(TVector.AtMost(chars - TVector.Broadcast((byte)'2'), TVector.Broadcast(4)));
        var separators = TVector.MostSignificantBits(
            TVector.Equal(chars, TVector.Broadcast((byte)' ')) | TVector.Equal(chars, TVector.Broadcast((byte)'-')));
        return new CardMasks(digits, leads, digits | (separators & digitFollows));
    }

    // Returns the window positions where a card may start: a digit 2 to 6 that follows no digit and begins
    // 13 card characters. The position before the window counts as a non-digit, a false positive at worst.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong FindCardStarts(CardMasks window)
    {
        // Each step doubles the span of all-set bits from bit i: 2, 4, 8, then 8 + 5 = 13 characters.
        var run = window.CardChars & (window.CardChars >> 1);
        run &= run >> 2;
        run &= run >> 4;
        run &= run >> 5;
        return window.Leads & ~(window.Digits << 1) & run;
    }

    /// <summary>The tables of <see cref="AnchorTables"/> widened to the vector width.</summary>
    private readonly struct AnchorFinder
    {
        private readonly TVector _low0;
        private readonly TVector _high0;
        private readonly TVector _low1;
        private readonly TVector _high1;
        private readonly TVector _low2;
        private readonly TVector _high2;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public AnchorFinder(in AnchorTables tables)
        {
            _low0 = TVector.FromLane(tables.LowNibbles0);
            _high0 = TVector.FromLane(tables.HighNibbles0);
            _low1 = TVector.FromLane(tables.LowNibbles1);
            _high1 = TVector.FromLane(tables.HighNibbles1);
            _low2 = TVector.FromLane(tables.LowNibbles2);
            _high2 = TVector.FromLane(tables.HighNibbles2);
        }

        /// <summary>Returns a non-zero byte at each position where an anchor may start; the arguments are the block loaded at offsets 0, 1 and 2.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVector Find(TVector first, TVector second, TVector third) =>
            Classify(first, _low0, _high0) & Classify(second, _low1, _high1) & Classify(third, _low2, _high2);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TVector Classify(TVector chars, TVector lowNibbles, TVector highNibbles) =>
            TVector.Lookup(lowNibbles, chars & TVector.Broadcast(0x0F)) & TVector.Lookup(highNibbles, TVector.HighNibble(chars));
    }

    /// <summary>First and last text position where a card may start, -1 while none was found.</summary>
    private readonly record struct CardStartRange(int First, int Last)
    {
        /// <summary>Adds the set bits of <paramref name="starts"/>, bit i standing for position <paramref name="windowStart"/> + i.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public CardStartRange Add(ulong starts, int windowStart)
        {
            if (starts == 0)
            {
                return this;
            }

            var first = windowStart + BitOperations.TrailingZeroCount(starts);
            var last = windowStart + 63 - BitOperations.LeadingZeroCount(starts);
            return new CardStartRange(First < 0 ? first : Math.Min(First, first), Math.Max(Last, last));
        }
    }

    /// <summary>Bit masks of one block or window, bit i standing for its position i.</summary>
    private readonly record struct CardMasks(ulong Digits, ulong Leads, ulong CardChars)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static CardMasks operator <<(CardMasks masks, int count) =>
            new(masks.Digits << count, masks.Leads << count, masks.CardChars << count);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static CardMasks operator >>(CardMasks masks, int count) =>
            new(masks.Digits >> count, masks.Leads >> count, masks.CardChars >> count);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static CardMasks operator |(CardMasks left, CardMasks right) =>
            new(left.Digits | right.Digits, left.Leads | right.Leads, left.CardChars | right.CardChars);
    }
}
