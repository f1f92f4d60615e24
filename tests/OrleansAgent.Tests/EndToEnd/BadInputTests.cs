using System.Text;
using OrleansAgent.Grains.Interfaces.Modes;
using OrleansAgent.Grains.Interfaces.Sources;
using OrleansAgent.Tests.Infrastructure;

namespace OrleansAgent.Tests.EndToEnd;

/// <summary>Hostile lines, missing files, invalid rules and unknown modes get a clear error or a counted skip.</summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task HostileLinesAreCountedAndPollingGoesOn()
    {
        using var directory = new TestDirectory();
        var path = directory.File("app.log");
        var normal = "2026-03-02T12:00:00.000Z INFO  [checkout] Order 1 placed by user bob with 2 items, total 3.40 EUR\n";
        using (var file = File.Create(path))
        {
            Write(file, normal);
            Write(file, "\n   \n");
            Write(file, "2026-03-02T12:00:01.000Z INFO  [bulk] " + string.Join(' ', Enumerable.Repeat("word", 220_000)) + "\n");
            file.Write([.. Encoding.UTF8.GetBytes("2026-03-02T12:00:02.000Z WARN  [auth] bad bytes "), 0xC3, 0x28, 0xFF, (byte)'\n']);
            file.Write([.. Encoding.UTF8.GetBytes("2026-03-02T12:00:03.000Z WARN  [auth] nul "), 0, 0, .. Encoding.UTF8.GetBytes(" inside\n")]);
            Write(file, normal);
        }

        await using var agent = await AgentTestCluster.StartAsync(AgentSettings.ForFile(path, directory.File("incidents.jsonl")));
        await agent.PollToEndAsync(AgentSettings.SourceName);
        var status = await agent.Grains.GetGrain<ISourcePollerGrain>(AgentSettings.SourceName).GetStatusAsync();
        var patterns = await agent.PatternsAsync();

        Assert.Null(status.LastError);
        Assert.Equal(2, status.Skipped.GetValueOrDefault("empty-lines"));
        Assert.True(status.Skipped.GetValueOrDefault("line-truncated") >= 1);
        Assert.True(status.Skipped.GetValueOrDefault("invalid-utf8-replaced") >= 1);
        Assert.True(status.Skipped.GetValueOrDefault("nul-bytes-removed") >= 1);
        Assert.Equal(5, patterns.Where(pattern => pattern.MergedInto is null).Sum(pattern => pattern.TotalCount));
    }

    [Fact]
    public async Task MissingFileIsCountedWithoutError()
    {
        using var directory = new TestDirectory();

        await using var agent = await AgentTestCluster.StartAsync(AgentSettings.ForFile(directory.File("absent.log"), directory.File("incidents.jsonl")));
        var report = await agent.Grains.GetGrain<ISourcePollerGrain>(AgentSettings.SourceName).PollNowAsync();
        var status = await agent.Grains.GetGrain<ISourcePollerGrain>(AgentSettings.SourceName).GetStatusAsync();

        Assert.Null(report.Error);
        Assert.Equal(0, report.Events);
        Assert.True(status.Skipped.GetValueOrDefault("no-matching-files") >= 1);
    }

    [Fact]
    public async Task InvalidRuleRegexStopsStartupNamingTheRule()
    {
        using var directory = new TestDirectory();
        var settings = AgentSettings.ForFile(directory.File("app.log"), directory.File("incidents.jsonl"));
        settings["Agent:Rules:0:Name"] = "broken-rule";
        settings["Agent:Rules:0:Pattern"] = "(unclosed";
        settings["Agent:Rules:0:Severity"] = "High";
        settings["Agent:Rules:0:Action"] = "Alert";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => AgentTestCluster.StartAsync(settings));

        Assert.Contains("Agent:Rules", error.ToString());
        Assert.Contains("broken-rule", error.ToString());
    }

    [Fact]
    public async Task UnknownModeIsRejected()
    {
        using var directory = new TestDirectory();
        await using var agent = await AgentTestCluster.StartAsync(AgentSettings.ForFile(directory.File("app.log"), directory.File("incidents.jsonl")));
        var mode = agent.Grains.GetGrain<IModeGrain>(GrainKeys.Cluster);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => mode.SetAsync((AgentMode)42, "test", "invalid"));

        Assert.Contains("training, shadow or detect", error.Message);
        Assert.Equal(AgentMode.Training, (await mode.GetAsync()).Mode);
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));
}
