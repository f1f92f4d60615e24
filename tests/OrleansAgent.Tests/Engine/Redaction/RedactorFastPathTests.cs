using System.Buffers;
using System.Text;
using System.Text.Json;
using CsCheck;
using OrleansAgent.Grains.Engine.Redaction;

namespace OrleansAgent.Tests.Engine.Redaction;

/// <summary>
/// The redactor skips detectors on lines that <see cref="CandidateScan"/> clears. These tests check that the
/// skipping never changes a result: the fast path must return exactly what running every detector returns,
/// and what the redactor returned before the scan (<see cref="OriginalRedactor"/>).
/// </summary>
public sealed class RedactorFastPathTests
{
    private const int Iterations = 30_000;

    private static readonly string[] SecretForms =
    [
        "-----BEGIN ", "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34\n-----END RSA PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----", "bearer", "basic", "Bearer abcdefgh12345678",
        "Basic dXNlcjpwYXNzd29yZA==", "Authorization: ", "authorization=", "://", "https://", "user:pw@",
        "https://deploy:hunter2@git.example.com/repo", "https://ghp_abcdefghijklmnopqrstuvwxyz0123@github.com",
        "eyJ", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "AKIA", "ASIA", "AKIAIOSFODNN7EXAMPLE", "ASIAABCDEFGHIJKLMNOP", "aws_secret_access_key ",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "@", "alice@example.com", "ops.team+pager@mail.example.org",
        "<SECRET>", "<CARD>", "<EMAIL>", "=", ": ", "\"", "'", "\\\"", "&", ";", "\n",
        "basis ", "basi ", "bearers ", "dXNlcjpwYXNzd29yZA==", "abcdefgh12345678", "abcdefghijklmnopqrstu",
        .. KeyValueDetector.Keywords, .. Redactor.TriggerWords,
    ];

    // Characters whose low byte is an ASCII digit, separator, '@' or anchor letter, and characters that
    // case-fold towards ASCII in some APIs: the scan must not mistake them for what their low byte reads as.
    private static readonly string[] NonAsciiForms =
    [
        "\u0131", "\u0130", "\u017F", "\u212A", "\u00E9", "\u00DF", "\u00A0", "\u0130\u0131\u0132\u0133\u0134",
        "\u0135", "\u0136", "\u0137", "\u0138", "\u0139", "\u0140", "\u012D", "\u0120", "\u0173\u0173\u0177",
        "\u0170\u0177\u0164", "\u0174\u016F\u016B", "\u0165\u0179\u014A", "\u0162\u0165\u0161", "\uFF10\uFF14\uFF11",
        "\uFF20", "\U0001F600", "\uD800", "\uDC00", "\uFFFD", "\u65E5\u672C", "\u202E", "\0",
    ];

    private static readonly Gen<string> RandomCase = Gen.Select(Gen.OneOf(SecretForms), Gen.Int, Gen.Bool, (form, bits, keep) =>
        keep ? form : string.Create(form.Length, (form, bits), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var upper = ((state.bits >> (i % 31)) & 1) == 1;
                span[i] = upper ? char.ToUpperInvariant(state.form[i]) : char.ToLowerInvariant(state.form[i]);
            }
        }));

    private static readonly Gen<string> CardNumber = Gen.Select(
        Gen.Int[0, 9].Array[12, 18], Gen.Int[0, 4], Gen.Int[2, 6], Gen.Bool,
        (digits, separator, groupSize, validLuhn) => FormatCard(digits, separator, groupSize, validLuhn));

    private static readonly Gen<string> DigitRun = Gen.Select(
        Gen.Int[0, 9].Array[1, 40], Gen.Int[0, 4], Gen.Int[1, 8],
        (digits, separator, groupSize) => Group(string.Concat(digits), separator, groupSize));

    private static readonly Gen<string> Filler = Gen.OneOf(
        Gen.Char[' ', '~'].Array[0, 40].Select(chars => new string(chars)),
        Gen.Char["abcdefghijklmnopqrstuvwxyz ABCKSWYJE-_.:=/"].Array[0, 40].Select(chars => new string(chars)),
        Gen.Char.Array[0, 8].Select(chars => new string(chars)));

    private static readonly Gen<string> Fragment = Gen.Frequency(
        (6, RandomCase),
        (3, CardNumber),
        (3, DigitRun),
        (2, Gen.OneOf(NonAsciiForms)),
        (6, Filler));

    private static readonly Gen<string> Line = Gen.Select(Fragment.Array[0, 14], Gen.Int[1, 4], (fragments, repeat) =>
    {
        var line = string.Concat(fragments);
        return repeat == 4 ? string.Concat(Enumerable.Repeat(line, 3)) : line;
    });

    [Fact]
    public void FastPathMatchesDetectorsOnRandomLines()
    {
        Line.Sample(AssertSameAsEveryDetector, iter: Iterations, print: Quote);
    }

    // A card whose first digit follows a character with a digit as its low byte, at the edges of the blocks
    // the scan reads (16 and 32 characters, with two characters of lookahead).
    [Theory]
    [InlineData("\u0131")]
    [InlineData("\u0134")]
    [InlineData("\u0130 ")]
    [InlineData("\u012D")]
    [InlineData("x-")]
    [InlineData("")]
    public void FastPathMatchesCardsAtBlockEdges(string beforeCard)
    {
        foreach (var card in new[] { "4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "378282246310005" })
        {
            for (var padding = 0; padding < 70; padding++)
            {
                var prefix = new string('a', padding) + beforeCard + card;
                AssertSameAsEveryDetector(prefix);
                AssertSameAsEveryDetector(prefix + " tail");
            }
        }
    }

    [Fact]
    public void FastPathMatchesSplitCardsAtLineEnd()
    {
        // Luhn-valid numbers of 13 to 19 digits. A separator just before the last digit is the hardest case,
        // because the scan reads the last two positions of a text from a separate load.
        string[] numbers = ["4222222222222", "37828224631003", "378282246310005", "4111111111111111", "60110000000000043", "622126000000000000", "4111111111111111110"];
        foreach (var number in numbers)
        {
            for (var split = 1; split < number.Length; split++)
            {
                foreach (var separator in new[] { " ", "-" })
                {
                    var card = number[..split] + separator + number[split..];
                    for (var padding = 0; padding < 70; padding++)
                    {
                        AssertSameAsEveryDetector(new string('a', padding) + card);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("https://deploy:hunter2@")]
    [InlineData("https://ghp_abcdefghijklmnopqrstuvwxyz0123@")]
    [InlineData("bearer abcdefgh12345678")]
    [InlineData("password=hunter2")]
    [InlineData("api_key: abc")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")]
    [InlineData("AKIAIOSFODNN7EXAMPLE")]
    [InlineData("a@b.example.com")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nabc")]
    public void FastPathMatchesTriggersAtBlockEdges(string trigger)
    {
        for (var padding = 0; padding < 70; padding++)
        {
            var line = new string(' ', padding) + trigger;
            AssertSameAsEveryDetector(line);
            AssertSameAsEveryDetector(line + ",");
            AssertSameAsEveryDetector(line.ToUpperInvariant());
        }
    }

    [Fact]
    public void NarrowScanReportsEveryChange()
    {
        // Machines without 256-bit vectors scan every length with 128-bit vectors; this runs that path here.
        Line.Sample(line => AssertScanIsSound(line, CandidateScanKernel<Bytes128>.Scan), iter: Iterations, print: Quote);
    }

    [Fact]
    public void WideScanReportsEveryChange()
    {
        Line.Sample(line => AssertScanIsSound(line, CandidateScanKernel<Bytes256>.Scan), iter: Iterations, print: Quote);
    }

    [Fact]
    public void EveryTriggerWordContainsAnAnchor()
    {
        // "://" alone changes nothing: the URL credential detector also needs an '@', which is an anchor.
        var words = Redactor.TriggerWords.Where(word => word != "://").Append("@");
        var anchors = CandidateScan.AnchorBuckets.SelectMany(bucket => bucket).ToList();

        var uncovered = words.Where(word => !anchors.Any(anchor => word.Contains(anchor, StringComparison.OrdinalIgnoreCase))).ToList();

        Assert.Empty(uncovered);
    }

    [Fact]
    public void IgnoreCaseMatchesAsciiLettersOnly()
    {
        // The scan compares the low byte of each character, which is sound only while no other character
        // matches an ASCII letter under the ordinal ignore-case comparison the detectors use.
        var letters = Enumerable.Range('a', 26).Select(c => ((char)c).ToString()).ToArray();
        var letterSearch = SearchValues.Create(letters, StringComparison.OrdinalIgnoreCase);
        var matches = new List<string>();

        for (var c = 0x80; c <= 0xFFFF; c++)
        {
            var text = ((char)c).ToString();
            if (text.AsSpan().ContainsAny(letterSearch) || letters.Any(letter => string.Equals(text, letter, StringComparison.OrdinalIgnoreCase)))
            {
                matches.Add($"U+{c:X4}");
            }
        }

        Assert.Empty(matches);
    }

    [Fact]
    public void CleanLineReturnsWithoutAllocating()
    {
        string[] lines =
        [
            "ok",
            "worker 7 started",
            "Received block blk_7503483334202473044 of size 67108864 from /10.251.42.84",
            "PacketResponder 1 for block blk_38865049064139660 terminating",
            "2024-01-02 12:00:00.123 INFO worker-3 processed 1234 items in 56 ms status=200 region=eu-west-1 shard=17",
        ];
        var unchanged = CountUnchanged(lines);

        // Unoptimized first-tier code of framework generics such as IndexOfAnyInRange boxes its arguments, so
        // the lines are redacted until the runtime has recompiled those methods, about 100 ms of calls.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        long allocated;
        do
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            CountUnchanged(lines);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        while (allocated != 0 && DateTime.UtcNow < deadline);

        Assert.Equal(lines.Length, unchanged);
        Assert.Equal(0, allocated);
    }

    private static int CountUnchanged(string[] lines)
    {
        var unchanged = 0;
        foreach (var line in lines)
        {
            unchanged += ReferenceEquals(Redactor.Default.Redact(line), line) ? 1 : 0;
        }

        return unchanged;
    }

    private static void AssertSameAsEveryDetector(string line)
    {
        var tally = new RedactionTally();
        var expected = line;
        foreach (var detector in Redactor.TriggeredDetectors)
        {
            expected = detector(expected, tally);
        }

        expected = CardDetector.Apply(expected, tally);

        var originalTally = new RedactionTally();
        var original = OriginalRedactor.Redact(line, originalTally);

        var actual = Redactor.Default.RedactWithDetails(line);
        var sameInstance = ReferenceEquals(Redactor.Default.Redact(line), line);

        Assert.True(expected == actual.Text, $"Line {Quote(line)}: every detector gives {Quote(expected)}, the fast path {Quote(actual.Text)}.");
        Assert.True(original == actual.Text, $"Line {Quote(line)}: the original redactor gives {Quote(original)}, the fast path {Quote(actual.Text)}.");
        Assert.Equal(tally.Counts, actual.Counts);
        Assert.Equal(originalTally.Counts, actual.Counts);
        Assert.True(ReferenceEquals(expected, line) == sameInstance, $"Line {Quote(line)}: the fast path and every detector disagree on returning the same instance.");
        Assert.True(ReferenceEquals(original, line) == sameInstance, $"Line {Quote(line)}: the fast path and the original redactor disagree on returning the same instance.");
    }

    // A scan may report too much, never too little: every line a detector changes must be reported, and the
    // card range must cover every card CardDetector replaces.
    private static void AssertScanIsSound(string line, ScanKernel scan)
    {
        var minLength = CandidateScanKernel<Bytes128>.MinLength + 16;
        var padded = line.Length >= minLength ? line : line + new string('\0', minLength - line.Length);
        var candidates = scan(padded, CandidateScan.Tables);

        var triggered = padded;
        foreach (var detector in Redactor.TriggeredDetectors)
        {
            triggered = detector(triggered, null);
        }

        var carded = CardDetector.Apply(padded, null);
        var cardedWithRange = candidates.MayHoldCard
            ? CardDetector.Apply(padded, null, candidates.FirstCardStart, candidates.LastCardStart)
            : padded;

        Assert.True(ReferenceEquals(triggered, padded) || candidates.HasTriggerAnchor, $"Line {Quote(line)}: a detector changes it, the scan saw no anchor.");
        Assert.True(carded == cardedWithRange, $"Line {Quote(line)}: cards give {Quote(carded)}, the scanned range {Quote(cardedWithRange)}.");
    }

    private delegate Candidates ScanKernel(ReadOnlySpan<char> text, in AnchorTables tables);

    private static string FormatCard(int[] digits, int separator, int groupSize, bool validLuhn)
    {
        var number = string.Concat(digits);
        var check = LuhnCheckDigit(number);
        return Group(number + (validLuhn ? check : (check + 1) % 10), separator, groupSize);
    }

    private static int LuhnCheckDigit(string number)
    {
        var sum = 0;
        for (var i = 0; i < number.Length; i++)
        {
            var digit = number[number.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                digit = digit > 9 ? digit - 9 : digit;
            }

            sum += digit;
        }

        return (10 - (sum % 10)) % 10;
    }

    // Separator 0 means no separator, 1 a space, 2 a dash, 3 two spaces (which end a run), 4 a space or a dash in turn.
    private static string Group(string digits, int separator, int groupSize)
    {
        if (separator == 0)
        {
            return digits;
        }

        var builder = new StringBuilder();
        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0 && i % groupSize == 0)
            {
                builder.Append(separator switch
                {
                    1 => " ",
                    2 => "-",
                    3 => "  ",
                    _ => i / groupSize % 2 == 0 ? " " : "-",
                });
            }

            builder.Append(digits[i]);
        }

        return builder.ToString();
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text);
}
