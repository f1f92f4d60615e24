using System.Text;
using System.Text.Json;
using CsCheck;
using OrleansAgent.Grains.Engine.Mining;

namespace OrleansAgent.Tests.Mining;

public sealed class TemplateMinerPropertyTests
{
    private static readonly string[] Shapes =
    [
        "session {w} for user {w}",
        "Received block blk_{n} of size {n} from {ip}",
        "worker {n} state {w}",
        "{w} {w} {w}",
        "tag=\"{w} {w}\" uid={n}",
        "connection from {ip} ({w}.example.com) at {n}",
        "{w}",
    ];

    private static readonly Gen<string> Word = Gen.OneOf("alice", "bob", "carol", "open", "closed", "start", "end", "ok", "error", "true");

    private static readonly Gen<string> Line =
        Gen.Select(Gen.Int[0, Shapes.Length - 1], Word.Array[6], Gen.Int[0, 100_000].Array[6], (shape, words, numbers) => Fill(Shapes[shape], words, numbers));

    private static readonly Gen<string> Nasty = Gen.OneOf(
        Gen.Const(""),
        Gen.Const("   \t  "),
        Gen.Const("\u05E9\u05DC\u05D5\u05DD \u202Eevil\u202C \u0645\u0631\u062D\u0628\u0627 123"),
        Gen.Const("\u65E5\u672C\u8A9E\u306E\u30ED\u30B0\u884C\u3067\u30B9\u30DA\u30FC\u30B9\u306A\u3057"),
        Gen.Const(Encoding.UTF8.GetString([0x66, 0xFF, 0xFE, 0x20, 0xC3, 0x28, 0x20, 0x31])),
        Gen.Const("\0\u0001\u0002 bell\a form\f <*> <**> <A> <> \"\" \"unclosed tag=\"x"),
        Gen.Const(string.Join(' ', Enumerable.Repeat("token", 100_000))),
        Gen.Const("a=\"" + new string('x', 5000) + " y\""),
        Gen.String,
        Gen.Char.Array[0, 300].Select(chars => new string(chars)));

    [Fact]
    public void MiningIsDeterministic()
    {
        Line.Array[1, 60].Sample(lines =>
        {
            var first = Mine(new TemplateMiner(), lines);
            var second = Mine(new TemplateMiner(), lines);

            Assert.Equal(first, second);
        }, iter: 200);
    }

    [Fact]
    public void ReplayedLineMapsToSamePattern()
    {
        Line.Array[1, 60].Sample(lines =>
        {
            var miner = new TemplateMiner();
            var ids = lines.Select(l => miner.Add(l).PatternId).ToList();

            for (var i = 0; i < lines.Length; i++)
            {
                var again = miner.Add(lines[i]).PatternId;

                Assert.True(miner.Resolve(ids[i]) == again, $"Line '{lines[i]}' first got {ids[i]}, now {again}; templates:\n{string.Join('\n', miner.Patterns.Select(p => p.Template))}");
            }
        }, iter: 200);
    }

    [Fact]
    public void IdsSurviveSnapshotThroughJson()
    {
        Gen.Select(Line.Array[1, 40], Line.Array[1, 20]).Sample(sample =>
        {
            var (training, later) = sample;
            var original = new TemplateMiner();
            var earlier = training.Select(l => original.Add(l).PatternId).ToList();

            var json = JsonSerializer.Serialize(original.ToSnapshot());
            var restored = TemplateMiner.FromSnapshot(JsonSerializer.Deserialize<MinerSnapshot>(json)!);

            Assert.Equal(earlier.Select(original.Resolve), earlier.Select(restored.Resolve));
            Assert.Equal(later.Select(l => original.Add(l).PatternId), later.Select(l => restored.Add(l).PatternId));
        }, iter: 150);
    }

    [Fact]
    public void CountsAddUpToLinesAdded()
    {
        Line.Array[1, 80].Sample(lines =>
        {
            var miner = new TemplateMiner();

            var ids = lines.Select(l => miner.Add(l).PatternId).ToList();

            Assert.Equal(lines.Length, miner.Patterns.Sum(p => p.Count));
            Assert.All(ids, id => Assert.NotNull(miner.Resolve(id)));
        }, iter: 200);
    }

    [Fact]
    public void NoInputThrows()
    {
        Gen.OneOf(Nasty, Line).Array[1, 8].Sample(lines =>
        {
            var miner = new TemplateMiner();

            foreach (var line in lines)
            {
                var result = miner.Add(line);
                Assert.NotNull(miner.Match(line));
                Assert.NotNull(result.Template);
            }
        }, iter: 300);
    }

    private static List<(string Id, string Template, bool IsNew)> Mine(TemplateMiner miner, string[] lines) =>
        lines.Select(l => miner.Add(l)).Select(r => (r.PatternId, r.Template, r.IsNew)).ToList();

    private static string Fill(string shape, string[] words, int[] numbers)
    {
        var text = new StringBuilder();
        int w = 0, n = 0;
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] != '{')
            {
                text.Append(shape[i]);
                continue;
            }

            var end = shape.IndexOf('}', i);
            var hole = shape[(i + 1)..end];
            text.Append(hole switch
            {
                "w" => words[w++ % words.Length],
                "n" => numbers[n++ % numbers.Length].ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => $"10.0.{numbers[n++ % numbers.Length] % 256}.{numbers[n++ % numbers.Length] % 256}",
            });
            i = end;
        }

        return text.ToString();
    }
}
