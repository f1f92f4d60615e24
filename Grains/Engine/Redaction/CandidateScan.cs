using System.Runtime.Intrinsics;

namespace OrleansAgent.Grains.Engine.Redaction;

/// <summary>What <see cref="CandidateScan"/> found in a text.</summary>
/// <param name="HasTriggerAnchor">True when an anchor of a trigger word was found, so the keyword detectors must run.</param>
/// <param name="FirstCardStart">First position where a card number may start, or -1 when none can.</param>
/// <param name="LastCardStart">Last position where a card number may start, or -1 when none can.</param>
internal readonly record struct Candidates(bool HasTriggerAnchor, int FirstCardStart, int LastCardStart)
{
    /// <summary>True when <see cref="CardDetector"/> must run.</summary>
    public bool MayHoldCard => FirstCardStart >= 0;
}

/// <summary>
/// Decides in one vectorized pass which built-in detectors could change a text, so that they run only on
/// the few lines that need them. A false positive costs a detector run. A false negative would leak a
/// secret, so each test below follows from what the detectors themselves look for.
/// </summary>
/// <remarks>
/// <para>Triggers: every word a keyword detector searches for contains '@' or one of the three-character
/// <see cref="AnchorBuckets"/>, compared ASCII case-insensitively. "password" and "passwd" contain "ssw",
/// "token" "tok", "secret" "ecr", every key name "key", "bearer" "bea", "basic" and "ASIA" "asi",
/// "AKIA" "kia", "eyJ" "eyj" and "-----BEGIN " "-be". The URL credential detector needs an '@' in the
/// user info. In .NET 10 the ordinal ignore-case comparison the detectors use equates no character above
/// U+007F with an ASCII letter (a test checks this), so the scan may read only the low byte of each
/// character: U+0173, read as 's', adds a false positive at worst.</para>
/// <para>Cards: <see cref="CardDetector"/> replaces only a card that starts with a digit 2 to 6 not preceded
/// by a digit, and whose first 13 characters are each a digit or a single ' ' or '-' followed by a digit.
/// The scan reports the first and the last position where such a card could start. Digits are read with
/// saturation, so no character above U+00FF passes for a digit and hides the start that follows it.</para>
/// </remarks>
internal static class CandidateScan
{
    /// <summary>
    /// Anchors grouped into the eight buckets of <see cref="AnchorTables"/>. An anchor has one character or
    /// <see cref="AnchorLength"/> characters; letters match in either case.
    /// </summary>
    /// <remarks>Anchors that share a bucket also match mixtures such as "kiy", a harmless false positive.</remarks>
    public static readonly string[][] AnchorBuckets =
    [
        ["ssw", "pwd"], ["tok"], ["ecr", "eyj"], ["key", "kia"], ["bea"], ["asi"], ["-be"], ["@"],
    ];

    /// <summary>Characters compared per anchor.</summary>
    public const int AnchorLength = 3;

    /// <summary>Nibble tables for <see cref="AnchorBuckets"/>.</summary>
    public static readonly AnchorTables Tables = AnchorTables.Build(AnchorBuckets);

    /// <summary>Returns which detectors may change <paramref name="text"/>.</summary>
    public static Candidates Scan(string text)
    {
        if (Vector256.IsHardwareAccelerated && text.Length >= CandidateScanKernel<Bytes256>.MinLength)
        {
            return CandidateScanKernel<Bytes256>.Scan(text, Tables);
        }

        if (text.Length >= CandidateScanKernel<Bytes128>.MinLength)
        {
            return CandidateScanKernel<Bytes128>.Scan(text, Tables);
        }

        return ScanPadded(text);
    }

    // NUL characters after the text match no anchor and are not digits, so the padding changes no result.
    private static Candidates ScanPadded(string text)
    {
        Span<char> padded = stackalloc char[CandidateScanKernel<Bytes128>.MinLength];
        padded.Clear();
        text.CopyTo(padded);
        return CandidateScanKernel<Bytes128>.Scan(padded, Tables);
    }
}
