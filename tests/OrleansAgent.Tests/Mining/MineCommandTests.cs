using OrleansAgent.Benchmarks.Loghub;
using OrleansAgent.Grains.Engine.Detection;
using OrleansAgent.Silo.Commands;

namespace OrleansAgent.Tests.Mining;

public sealed class MineCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mine-command-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task PerLineCsvListsEveryLine()
    {
        var path = Write("lines.log", "session closed for user alice\nsession closed for user bob\n\"quoted\", text\nsession closed for user carol\n"u8.ToArray());
        var (exit, output, _) = await RunAsync(path, "--content-only", "--per-line", "--format", "csv");

        var rows = CsvReader.Read(output);

        Assert.Equal(0, exit);
        Assert.Equal(["LineId", "EventId", "EventTemplate"], rows[0]);
        Assert.Equal(5, rows.Count);
        Assert.Equal(["1", "2", "3", "4"], rows.Skip(1).Select(r => r[0]));
        Assert.Equal(rows[1][1], rows[4][1]);
        Assert.Equal(rows[1][1], rows[2][1]);
        Assert.Equal("session closed for user <*>", rows[1][2]);
        Assert.Equal("\"<*>\", text", rows[3][2]);
    }

    [Fact]
    public async Task DefaultTableListsPatternsWithCounts()
    {
        var path = Write("app.log", "2024-05-01 10:00:00,001 INFO [main] app.Db: query took 12 ms\n2024-05-01 10:00:01,001 INFO [main] app.Db: query took 7 ms\n"u8.ToArray());

        var (exit, output, _) = await RunAsync(path);

        Assert.Equal(0, exit);
        Assert.Contains("query took <*> ms", output);
        Assert.Matches(@"\s+2\s+[0-9a-f]{16}\s+query took <\*> ms", output);
    }

    [Fact]
    public async Task JsonOutputCountsInvalidUtf8()
    {
        var path = Write("bad.log", [0x6F, 0x6B, 0x20, 0xFF, 0x0A, 0x6F, 0x6B, 0x20, 0xC3, 0x28, 0x0A]);

        var (exit, output, error) = await RunAsync(path, "--format", "json", "--content-only");

        Assert.Equal(0, exit);
        Assert.Contains("\"invalidUtf8Sequences\": 2", output);
        Assert.Contains("2 invalid UTF-8 sequences", error);
    }

    [Fact]
    public async Task MissingFileFailsNamingPath()
    {
        var path = Path.Combine(_folder, "absent.log");

        var (exit, _, error) = await RunAsync(path);

        Assert.Equal(1, exit);
        Assert.Contains(path, error);
    }

    [Fact]
    public async Task DirectoryFailsSayingItIsADirectory()
    {
        var (exit, _, error) = await RunAsync(_folder);

        Assert.Equal(1, exit);
        Assert.Contains($"'{_folder}' is a directory", error);
    }

    [Fact]
    public async Task InvalidHeaderFormatIsUsageError()
    {
        var path = Write("x.log", "a\n"u8.ToArray());

        var (exit, _, error) = await RunAsync(path, "--header-format", "<Date> <Time>");

        Assert.Equal(2, exit);
        Assert.Contains("<Content>", error);
        Assert.DoesNotContain("(Parameter", error);
    }

    [Fact]
    public async Task NulBytesAreDropped()
    {
        var path = Write("nul.log", "disk\0 full on sda1\nd\0isk full on sdb2\n"u8.ToArray());

        var (exit, output, _) = await RunAsync(path, "--content-only", "--format", "csv");

        Assert.Equal(0, exit);
        Assert.DoesNotContain('\0', output);
        Assert.Contains("disk full on <*>", output);
    }

    [Fact]
    public async Task HelpPrintsUsage()
    {
        var (exit, output, _) = await RunAsync("--help");

        Assert.Equal(0, exit);
        Assert.Contains("--per-line", output);
    }

    [Fact]
    public async Task HugeLineIsCutAndCounted()
    {
        var huge = "payload " + new string('x', MineCommand.MaxLineChars * 2);
        var path = Write("huge.log", System.Text.Encoding.UTF8.GetBytes($"short line 1\n{huge}\nshort line 2\n"));

        var (exit, output, error) = await RunAsync(path, "--content-only", "--format", "json");

        Assert.Equal(0, exit);
        Assert.Contains("\"lines\": 3", output);
        Assert.Contains("\"cutLines\": 1", output);
        Assert.Contains("\"longMessages\": 1", output);
        Assert.True(output.Length < 3 * DetectorChain.MaxContentLength, $"The output has {output.Length} chars.");
        Assert.Contains("1 lines were longer than 262,144 chars", error);
    }

    [Fact]
    public async Task JsonKeepsWildcardsReadable()
    {
        var path = Write("values.log", System.Text.Encoding.UTF8.GetBytes("took 12 ms\ntook 15 ms\n"));

        var (_, output, _) = await RunAsync(path, "--content-only", "--format", "json");

        Assert.Contains("took <*> ms", output);
    }

    [Fact]
    public async Task UnknownOptionIsUsageError()
    {
        var (exit, _, error) = await RunAsync("file.log", "--fast");

        Assert.Equal(2, exit);
        Assert.Contains("--fast", error);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await MineCommand.RunAsync(args, output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
