using OrleansAgent.Silo.Commands;

namespace OrleansAgent.Tests.Mining;

public sealed class BoundedLineReaderTests
{
    [Theory]
    [InlineData("a\nb\n")]
    [InlineData("a\r\nb")]
    [InlineData("a\rb\r\n\r\nc")]
    [InlineData("\n\n")]
    [InlineData("")]
    [InlineData("only")]
    public async Task LinesMatchTextReaderWhenShort(string text)
    {
        var expected = await ReadAllAsync(new StringReader(text));

        var actual = await ReadAllAsync(new BoundedLineReader(new StringReader(text), maxChars: 100));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task LineEndingSplitAcrossBuffersIsOneEnding()
    {
        // The reader's buffer has room for 64 Ki chars, so the \r is its last char and the \n the first of the next fill.
        var text = new string('a', (64 * 1024) - 1) + "\r\nnext";

        var lines = await ReadAllAsync(new BoundedLineReader(new StringReader(text), maxChars: 128 * 1024));

        Assert.Equal([new string('a', (64 * 1024) - 1), "next"], lines);
    }

    [Fact]
    public async Task LongLinesAreCutAndCounted()
    {
        var reader = new BoundedLineReader(new StringReader("0123456789\nshort\n" + new string('z', 200_000)), maxChars: 4);

        var lines = await ReadAllAsync(reader);

        Assert.Equal(["0123", "shor", "zzzz"], lines);
        Assert.Equal(3, reader.CutLines);
    }

    private static async Task<List<string>> ReadAllAsync(TextReader reader)
    {
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static async Task<List<string>> ReadAllAsync(BoundedLineReader reader)
    {
        var lines = new List<string>();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
