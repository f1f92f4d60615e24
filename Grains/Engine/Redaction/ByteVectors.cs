using System.Runtime.Intrinsics;

namespace OrleansAgent.Grains.Engine.Redaction;

/// <summary>
/// A SIMD vector of bytes, one byte per character of a block, so that <see cref="CandidateScanKernel{TVector}"/>
/// is written once for 128-bit and 256-bit hardware.
/// </summary>
internal interface IByteVector<TSelf>
    where TSelf : struct, IByteVector<TSelf>
{
    /// <summary>Characters per block, 16 or 32: the card window joins the bit masks of two blocks in one <see cref="ulong"/>.</summary>
    static abstract int Width { get; }

    static abstract TSelf Broadcast(byte value);

    /// <summary>Builds a vector whose every 16-byte lane is <paramref name="lane"/>, as <see cref="Lookup"/> expects.</summary>
    static abstract TSelf FromLane(Vector128<byte> lane);

    /// <summary>Loads <see cref="Width"/> characters and keeps the low byte of each, so U+0140 becomes '@'.</summary>
    static abstract TSelf LoadTruncated(ref ushort source, nuint offset);

    /// <summary>Loads <see cref="Width"/> characters and turns every character above U+00FF into 0xFF.</summary>
    static abstract TSelf LoadSaturated(ref ushort source, nuint offset);

    static abstract TSelf Equal(TSelf left, TSelf right);

    /// <summary>Unsigned <c>left &lt;= right</c> per byte.</summary>
    static abstract TSelf AtMost(TSelf left, TSelf right);

    /// <summary>Returns <c>table[index]</c> per byte. Every index must be below 16.</summary>
    static abstract TSelf Lookup(TSelf table, TSelf index);

    /// <summary>Shifts each byte right by four bits.</summary>
    static abstract TSelf HighNibble(TSelf value);

    /// <summary>Returns the top bit of each byte, byte 0 in bit 0.</summary>
    static abstract ulong MostSignificantBits(TSelf value);

    static abstract bool IsZero(TSelf value);

    static abstract TSelf operator &(TSelf left, TSelf right);

    static abstract TSelf operator |(TSelf left, TSelf right);

    static abstract TSelf operator -(TSelf left, TSelf right);
}

internal readonly struct Bytes128(Vector128<byte> value) : IByteVector<Bytes128>
{
    private readonly Vector128<byte> _value = value;

    public static int Width => Vector128<byte>.Count;

    public static Bytes128 Broadcast(byte value) => new(Vector128.Create(value));

    public static Bytes128 FromLane(Vector128<byte> lane) => new(lane);

    public static Bytes128 LoadTruncated(ref ushort source, nuint offset) =>
        new(Vector128.Narrow(Vector128.LoadUnsafe(ref source, offset), Vector128.LoadUnsafe(ref source, offset + 8)));

    public static Bytes128 LoadSaturated(ref ushort source, nuint offset) =>
        new(Vector128.NarrowWithSaturation(Vector128.LoadUnsafe(ref source, offset), Vector128.LoadUnsafe(ref source, offset + 8)));

    public static Bytes128 Equal(Bytes128 left, Bytes128 right) => new(Vector128.Equals(left._value, right._value));

    public static Bytes128 AtMost(Bytes128 left, Bytes128 right) => new(Vector128.LessThanOrEqual(left._value, right._value));

    public static Bytes128 Lookup(Bytes128 table, Bytes128 index) => new(Vector128.ShuffleNative(table._value, index._value));

    public static Bytes128 HighNibble(Bytes128 value) => new(Vector128.ShiftRightLogical(value._value, 4));

    public static ulong MostSignificantBits(Bytes128 value) => value._value.ExtractMostSignificantBits();

    public static bool IsZero(Bytes128 value) => value._value == Vector128<byte>.Zero;

    public static Bytes128 operator &(Bytes128 left, Bytes128 right) => new(left._value & right._value);

    public static Bytes128 operator |(Bytes128 left, Bytes128 right) => new(left._value | right._value);

    public static Bytes128 operator -(Bytes128 left, Bytes128 right) => new(left._value - right._value);
}

internal readonly struct Bytes256(Vector256<byte> value) : IByteVector<Bytes256>
{
    private readonly Vector256<byte> _value = value;

    public static int Width => Vector256<byte>.Count;

    public static Bytes256 Broadcast(byte value) => new(Vector256.Create(value));

    public static Bytes256 FromLane(Vector128<byte> lane) => new(Vector256.Create(lane, lane));

    public static Bytes256 LoadTruncated(ref ushort source, nuint offset) =>
        new(Vector256.Narrow(Vector256.LoadUnsafe(ref source, offset), Vector256.LoadUnsafe(ref source, offset + 16)));

    public static Bytes256 LoadSaturated(ref ushort source, nuint offset) =>
        new(Vector256.NarrowWithSaturation(Vector256.LoadUnsafe(ref source, offset), Vector256.LoadUnsafe(ref source, offset + 16)));

    public static Bytes256 Equal(Bytes256 left, Bytes256 right) => new(Vector256.Equals(left._value, right._value));

    public static Bytes256 AtMost(Bytes256 left, Bytes256 right) => new(Vector256.LessThanOrEqual(left._value, right._value));

    public static Bytes256 Lookup(Bytes256 table, Bytes256 index) => new(Vector256.ShuffleNative(table._value, index._value));

    public static Bytes256 HighNibble(Bytes256 value) => new(Vector256.ShiftRightLogical(value._value, 4));

    public static ulong MostSignificantBits(Bytes256 value) => value._value.ExtractMostSignificantBits();

    public static bool IsZero(Bytes256 value) => value._value == Vector256<byte>.Zero;

    public static Bytes256 operator &(Bytes256 left, Bytes256 right) => new(left._value & right._value);

    public static Bytes256 operator |(Bytes256 left, Bytes256 right) => new(left._value | right._value);

    public static Bytes256 operator -(Bytes256 left, Bytes256 right) => new(left._value - right._value);
}
