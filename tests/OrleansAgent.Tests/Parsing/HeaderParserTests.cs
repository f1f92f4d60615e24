using OrleansAgent.Grains.Engine.Parsing;

namespace OrleansAgent.Tests.Parsing;

public sealed class HeaderParserTests
{
    private static readonly DateTimeOffset Reference = new(2026, 6, 20, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string, string, string?, string?, string?> LoghubLayouts => new()
    {
        // format, line, expected content, level, component, expected timestamp (round-trip format)
        { "<Date> <Time> <Pid> <Level> <Component>: <Content>", "091224 103015 512 WARN dfs.DataNode$Worker: Slow write to disk", "Slow write to disk", "WARN", "dfs.DataNode$Worker", "2009-12-24T10:30:15.0000000+00:00" },
        { "<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>", "2021-03-04 05:06:07,089 INFO [main] org.example.Runner: Job started", "Job started", "INFO", "org.example.Runner", "2021-03-04T05:06:07.0890000+00:00" },
        { "<Date> <Time> <Level> <Component>: <Content>", "19/02/01 08:09:10 ERROR storage.Cache: Evicted entry", "Evicted entry", "ERROR", "storage.Cache", "2019-02-01T08:09:10.0000000+00:00" },
        { "<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>", "Mar  3 04:05:06 gateway cron[4242]: job done", "job done", "gateway", "cron", "2026-03-03T04:05:06.0000000+00:00" },
        { "<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>", "05-06 07:08:09.123  100  200 I Launcher: resumed", "resumed", "I", "Launcher", "2026-05-06T07:08:09.1230000+00:00" },
        { "<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>", "- 1300000000 2011.03.13 R1-M0 2011-03-13-07.06.40.000001 R1-M0 RAS KERNEL INFO cache parity corrected", "cache parity corrected", "INFO", "KERNEL", "2011-03-13T07:06:40.0000000+00:00" },
        { "<LogId> <Node> <Component> <State> <Time> <Flag> <Content>", "1234 node-7 unix.hw state_change 1300000000 1 Fan failure detected", "Fan failure detected", null, "unix.hw", "2011-03-13T07:06:40.0000000+00:00" },
        { "<Logrecord> <Date> <Time> <Pid> <Level> <Component> \\[<ADDR>\\] <Content>", "api.log.1 2020-01-02 03:04:05.678 99 INFO nova.api [req-1 - -] GET /servers status: 200", "GET /servers status: 200", "INFO", "nova.api", "2020-01-02T03:04:05.6780000+00:00" },
    };

    [Theory]
    [MemberData(nameof(LoghubLayouts))]
    public void FormatSplitsLoghubLayout(string format, string line, string content, string? level, string? component, string? timestamp)
    {
        var parser = HeaderParser.FromFormat(format);

        var parsed = parser.Parse(line, Reference);

        Assert.Equal(content, parsed.Content);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(component, parsed.Component);
        Assert.Equal(timestamp, parsed.Timestamp?.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void FormatKeepsOtherFieldsByName()
    {
        var parser = HeaderParser.FromFormat("<Date> <Time> <Pid> <Level> <Component>: <Content>");

        var parsed = parser.Parse("091224 103015 512 WARN dfs.DataNode: Slow", Reference);

        Assert.Equal("512", parsed.Fields!["Pid"]);
        Assert.False(parsed.Fields.ContainsKey("Level"));
    }

    [Fact]
    public void FormatLeavesNonMatchingLineWhole()
    {
        var parser = HeaderParser.FromFormat("<Date> <Time> <Level> <Component>: <Content>");

        var parsed = parser.Parse("just some text", Reference);

        Assert.Equal("just some text", parsed.Content);
        Assert.Null(parsed.Timestamp);
    }

    [Theory]
    [InlineData("<Date> <Time> <Level>", "Content")]
    [InlineData("<Date> <Date> <Content>", "twice")]
    [InlineData("<Da te> <Content>", "letters, digits and underscores")]
    [InlineData("<Date> ( <Content>", "not a valid pattern")]
    [InlineData("   ", "empty")]
    public void InvalidFormatIsRejectedWithReason(string format, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => HeaderParser.FromFormat(format));

        Assert.Contains(reason, error.Message);
        Assert.Equal("format", error.ParamName);
    }

    [Theory]
    [InlineData("2024-05-01T10:00:00.123Z ERROR [worker-1] app.Jobs - job failed", "job failed", "ERROR", "app.Jobs", "2024-05-01T10:00:00.1230000+00:00")]
    [InlineData("2024-05-01 10:00:00,456 WARN [main] org.example.Main: low disk", "low disk", "WARN", "org.example.Main", "2024-05-01T10:00:00.4560000+00:00")]
    [InlineData("2024-05-01T12:00:00+02:00 INFO started", "started", "INFO", null, "2024-05-01T10:00:00.0000000+00:00")]
    [InlineData("Jun 12 11:22:33 gateway sshd(pam_unix)[4242]: password check failed", "password check failed", null, "sshd(pam_unix)", "2026-06-12T11:22:33.0000000+00:00")]
    [InlineData("18/07/10 21:11:41 INFO app.Security: permissions reloaded", "permissions reloaded", "INFO", "app.Security", "2018-07-10T21:11:41.0000000+00:00")]
    [InlineData("091012 093015 512 INFO store.Node$Writer: block done", "block done", "INFO", "store.Node$Writer", "2009-10-12T09:30:15.0000000+00:00")]
    [InlineData("0612 203615 INFO kernel: link up", "link up", "INFO", "kernel", "2026-06-12T20:36:15.0000000+00:00")]
    [InlineData("04-02 09:08:07.123  1100  2200 D WindowManager: focus changed", "focus changed", "D", "WindowManager", "2026-04-02T09:08:07.1230000+00:00")]
    [InlineData("1700000000 disk check passed", "disk check passed", null, null, "2023-11-14T22:13:20.0000000+00:00")]
    public void AutomaticDetectsCommonLayout(string line, string content, string? level, string? component, string timestamp)
    {
        var parsed = HeaderParser.Automatic.Parse(line, Reference);

        Assert.Equal(content, parsed.Content);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(component, parsed.Component);
        Assert.Equal(timestamp, parsed.Timestamp?.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void AutomaticLeavesLineWithoutHeaderWhole()
    {
        var parsed = HeaderParser.Automatic.Parse("no header here: just text", Reference);

        Assert.Equal("no header here: just text", parsed.Content);
        Assert.Null(parsed.Timestamp);
        Assert.Null(parsed.Level);
    }

    [Fact]
    public void YearlessTimestampAfterReferenceRollsBackOneYear()
    {
        var newYear = new DateTimeOffset(2027, 1, 1, 0, 5, 0, TimeSpan.Zero);

        var parsed = HeaderParser.Automatic.Parse("Dec 31 23:59:59 host app: late line", newYear);

        Assert.Equal(new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero), parsed.Timestamp);
    }

    [Fact]
    public void NoneKeepsWholeLine()
    {
        var parsed = HeaderParser.None.Parse("2024-05-01 10:00:00 INFO x: y", Reference);

        Assert.Equal("2024-05-01 10:00:00 INFO x: y", parsed.Content);
        Assert.Null(parsed.Timestamp);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFFFD\uFFFD\u0000")]
    [InlineData("2024-13-45 99:99:99 INFO x: y")]
    public void OddLineDoesNotThrow(string line)
    {
        var parsed = HeaderParser.Automatic.Parse(line, Reference);

        Assert.NotNull(parsed.Content);
    }
}
