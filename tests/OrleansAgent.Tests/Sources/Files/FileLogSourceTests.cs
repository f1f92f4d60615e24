using System.Text;
using OrleansAgent.Grains.Sources;
using OrleansAgent.Grains.Sources.Files;

namespace OrleansAgent.Tests.Sources.Files;

public sealed class FileLogSourceTests : IDisposable
{
    private readonly FileSourceFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    [Fact]
    public async Task ReadsLinesThenOnlyNewLinesFromCursor()
    {
        _fx.Append("app.log", "one\ntwo\r\n");
        var source = _fx.CreateSource("*.log");

        var first = await SourceReading.ReadAllAsync(source, null);
        _fx.Append("app.log", "three\n");
        var second = await SourceReading.ReadAllAsync(source, first.Cursor);

        Assert.Equal(["one", "two"], first.Events.Texts());
        Assert.Equal(["three"], second.Events.Texts());
        Assert.Equal(_fx.PathOf("app.log"), second.Events[0].Fields["file"]);
        Assert.Null(second.Events[0].Timestamp);
    }

    [Fact]
    public async Task EventIdsAreUniqueAndStableAcrossReads()
    {
        _fx.Append("app.log", "a\nb\nc\n");
        var source = _fx.CreateSource("app.log");

        var first = await SourceReading.ReadAllAsync(source, null);
        var again = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(3, first.Events.Select(e => e.Id).Distinct().Count());
        Assert.Equal(first.Events.Select(e => e.Id), again.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task CursorRecordsInodeOnLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        _fx.Append("app.log", "a\n");
        var source = _fx.CreateSource("app.log");

        var result = await SourceReading.ReadAllAsync(source, null);

        using var cursor = System.Text.Json.JsonDocument.Parse(result.Cursor!);
        Assert.NotEqual(0UL, cursor.RootElement.GetProperty("files")[0].GetProperty("ino").GetUInt64());
    }

    [Fact]
    public async Task PartialLineWaitsForItsNewline()
    {
        _fx.Append("app.log", "complete\nhalf a li");
        var source = _fx.CreateSource("app.log");

        var first = await SourceReading.ReadAllAsync(source, null);
        _fx.Append("app.log", "ne\n");
        var second = await SourceReading.ReadAllAsync(source, first.Cursor);

        Assert.Equal(["complete"], first.Events.Texts());
        Assert.Equal(["half a line"], second.Events.Texts());
    }

    [Fact]
    public async Task PartialLineFlushedWhenFileIdlePastTimeout()
    {
        _fx.Append("app.log", "no newline yet");
        var source = _fx.CreateSource("app.log", o => o.PartialLineTimeout = TimeSpan.FromSeconds(5));

        var first = await SourceReading.ReadAllAsync(source, null);
        _fx.Clock.Advance(TimeSpan.FromSeconds(4));
        var notYet = await SourceReading.ReadAllAsync(source, first.Cursor);
        _fx.Clock.Advance(TimeSpan.FromSeconds(2));
        var flushed = await SourceReading.ReadAllAsync(source, notYet.Cursor);
        var after = await SourceReading.ReadAllAsync(source, flushed.Cursor);

        Assert.Empty(first.Events);
        Assert.Empty(notYet.Events);
        Assert.Equal(["no newline yet"], flushed.Events.Texts());
        Assert.Equal(1, flushed.Skipped[SkipReasons.PartialLineFlushed]);
        Assert.Empty(after.Events);
    }

    [Theory]
    [InlineData("app.log")]
    [InlineData("app.log*")]
    public async Task RenameRotationWhileStoppedLosesNothing(string glob)
    {
        _fx.Append("app.log", "old 1\nold 2\n");
        var before = await SourceReading.ReadAllAsync(_fx.CreateSource(glob), null);
        _fx.Append("app.log", "old 3\n");
        File.Move(_fx.PathOf("app.log"), _fx.PathOf("app.log.1"));
        _fx.Append("app.log", "new 1\nnew 2 is longer than everything in the old file so size checks cannot tell\n");
        _fx.Append("app.log.1", "old 4 from the writer that has not reopened yet\n");

        var after = await SourceReading.ReadAllAsync(_fx.CreateSource(glob), before.Cursor);

        Assert.Equal(["old 1", "old 2"], before.Events.Texts());
        Assert.Equal(
            ["old 3", "old 4 from the writer that has not reopened yet", "new 1", "new 2 is longer than everything in the old file so size checks cannot tell"],
            after.Events.Texts());
    }

    [Theory]
    [InlineData("app.log")]
    [InlineData("app.log*")]
    public async Task CopyTruncateWhileStoppedLosesNothing(string glob)
    {
        _fx.Append("app.log", "line 1\nline 2\nline 3\n");
        var before = await SourceReading.ReadAllAsync(_fx.CreateSource(glob), null);
        _fx.Append("app.log", "line 4 written before the copy\n");
        File.Copy(_fx.PathOf("app.log"), _fx.PathOf("app.log.1"));
        using (var truncate = new FileStream(_fx.PathOf("app.log"), FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            truncate.SetLength(0);
        }

        _fx.Append("app.log", "after truncate\n");

        var after = await SourceReading.ReadAllAsync(_fx.CreateSource(glob), before.Cursor);

        Assert.Equal(["line 4 written before the copy", "after truncate"], after.Events.Texts());
        Assert.Equal(1, after.Skipped[SkipReasons.FileTruncated]);
    }

    [Fact]
    public async Task RegrownTruncatedFileReadFromStart()
    {
        _fx.Append("app.log", "a\nb\n");
        var source = _fx.CreateSource("app.log");
        var before = await SourceReading.ReadAllAsync(source, null);
        File.WriteAllText(_fx.PathOf("app.log"), "fresh content that is longer than before\nsecond\n");

        var after = await SourceReading.ReadAllAsync(source, before.Cursor);

        Assert.Equal(["fresh content that is longer than before", "second"], after.Events.Texts());
        Assert.Equal(1, after.Skipped[SkipReasons.FileTruncated]);
        Assert.NotEqual(before.Events[0].Id, after.Events[0].Id);
    }

    [Fact]
    public async Task TruncatedFileShorterThanOffsetIsReadFromStart()
    {
        _fx.Append("app.log", "a long first line\nanother long line\n");
        var source = _fx.CreateSource("app.log");
        var before = await SourceReading.ReadAllAsync(source, null);
        File.WriteAllText(_fx.PathOf("app.log"), "short\n");

        var after = await SourceReading.ReadAllAsync(source, before.Cursor);

        Assert.Equal(["short"], after.Events.Texts());
    }

    [Fact]
    public async Task JavaStackTraceSplitAcrossPollsIsOneEvent()
    {
        var trace = new StringBuilder("2026-01-15 12:00:00 ERROR request failed\njava.lang.IllegalStateException: boom\n");
        for (var i = 0; i < 28; i++)
        {
            trace.Append($"\tat com.example.Service.method{i}(Service.java:{i + 10})\n");
        }

        var text = trace.ToString();
        var half = text.Length / 2;
        var source = _fx.CreateSource("app.log", o => o.MultilineStartPattern = @"^\d{4}-\d{2}-\d{2} ");
        _fx.Append("app.log", text[..half]);

        var first = await SourceReading.ReadAllAsync(source, null);
        _fx.Append("app.log", text[half..] + "2026-01-15 12:00:01 INFO next\n");
        var second = await SourceReading.ReadAllAsync(source, first.Cursor);

        Assert.Empty(first.Events);
        Assert.Single(second.Events);
        Assert.Equal(text.TrimEnd('\n'), second.Events[0].Text);
        Assert.Equal(30, second.Events[0].Text.Split('\n').Length);
    }

    [Fact]
    public async Task PendingMultilineEventFlushedWhenFileIdle()
    {
        var source = _fx.CreateSource("app.log", o => o.MultilineStartPattern = @"^\S");
        _fx.Append("app.log", "Exception: boom\n  at A\n  at B\n");

        var first = await SourceReading.ReadAllAsync(source, null);
        _fx.Clock.Advance(TimeSpan.FromSeconds(10));
        var second = await SourceReading.ReadAllAsync(source, first.Cursor);

        Assert.Empty(first.Events);
        Assert.Equal(["Exception: boom\n  at A\n  at B"], second.Events.Texts());
    }

    [Fact]
    public async Task Utf8ByteOrderMarkIsSkipped()
    {
        _fx.AppendBytes("app.log", [0xEF, 0xBB, 0xBF, .. "first\n"u8.ToArray()]);
        var source = _fx.CreateSource("app.log");

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(["first"], result.Events.Texts());
    }

    [Fact]
    public async Task InvalidUtf8IsReplacedAndCounted()
    {
        _fx.AppendBytes("app.log", [.. "bad "u8.ToArray(), 0xC3, 0x28, .. " byte\nok\n"u8.ToArray()]);
        var source = _fx.CreateSource("app.log");

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(["bad \uFFFD( byte", "ok"], result.Events.Texts());
        Assert.Equal(1, result.Skipped[SkipReasons.InvalidUtf8Replaced]);
    }

    [Fact]
    public async Task NulBytesAreRemovedAndCounted()
    {
        _fx.AppendBytes("app.log", [0, 0, .. "text"u8.ToArray(), 0, .. "\n"u8.ToArray()]);
        var source = _fx.CreateSource("app.log");

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(["text"], result.Events.Texts());
        Assert.Equal(3, result.Skipped[SkipReasons.NulBytesRemoved]);
    }

    [Fact]
    public async Task MegabyteLineIsTruncatedAndCounted()
    {
        _fx.Append("app.log", new string('x', 1024 * 1024) + "\nafter\n");
        var source = _fx.CreateSource("app.log", o => o.MaxLineBytes = 1000);

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(2, result.Events.Count);
        Assert.Equal(new string('x', 1000) + FileLineDecoder.TruncationMarker, result.Events[0].Text);
        Assert.Equal("after", result.Events[1].Text);
        Assert.Equal(1, result.Skipped[SkipReasons.LineTruncated]);
    }

    [Fact]
    public async Task TruncationDoesNotSplitMultiByteCharacter()
    {
        _fx.Append("app.log", "ab€€€\n");
        var source = _fx.CreateSource("app.log", o => o.MaxLineBytes = 6);

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal("ab€" + FileLineDecoder.TruncationMarker, result.Events[0].Text);
        Assert.False(result.Skipped.ContainsKey(SkipReasons.InvalidUtf8Replaced));
    }

    [Fact]
    public async Task BatchCapContinuesExactlyAfterLastReturnedEvent()
    {
        _fx.Append("a.log", string.Concat(Enumerable.Range(0, 7).Select(i => $"a{i}\n")));
        _fx.Append("b.log", string.Concat(Enumerable.Range(0, 5).Select(i => $"b{i}\n")));
        var source = _fx.CreateSource("*.log");

        var first = await source.ReadAsync(null, 3, CancellationToken.None);
        var rest = await SourceReading.ReadAllAsync(source, first.NextCursor, maxEvents: 3);

        Assert.True(first.HasMore);
        Assert.Equal(["a0", "a1", "a2"], first.Events.Texts());
        Assert.Equal(
            [.. Enumerable.Range(3, 4).Select(i => $"a{i}"), .. Enumerable.Range(0, 5).Select(i => $"b{i}")],
            rest.Events.Texts());
    }

    [Fact]
    public async Task BatchCapInsideMultilineEventsLosesNothing()
    {
        _fx.Append("app.log", "E1\n at 1\nE2\n at 2\n at 3\nE3\n at 4\nE4\n");
        var source = _fx.CreateSource("app.log", o => o.MultilineStartPattern = "^E");

        var result = await SourceReading.ReadAllAsync(source, null, maxEvents: 1);

        Assert.Equal(["E1\n at 1", "E2\n at 2\n at 3", "E3\n at 4"], result.Events.Texts());
    }

    [Fact]
    public async Task CrashReplayDeliversEachLineOnce()
    {
        _fx.Append("app.log", string.Concat(Enumerable.Range(0, 10).Select(i => $"line {i}\n")));
        var source = _fx.CreateSource("app.log");

        var first = await source.ReadAsync(null, 4, CancellationToken.None);
        var lost = await source.ReadAsync(first.NextCursor, 4, CancellationToken.None);
        var replay = await source.ReadAsync(first.NextCursor, 4, CancellationToken.None);
        var rest = await SourceReading.ReadAllAsync(source, replay.NextCursor, maxEvents: 4);

        Assert.Equal(lost.Events.Select(e => e.Id), replay.Events.Select(e => e.Id));
        Assert.Equal(lost.Events.Texts(), replay.Events.Texts());
        var delivered = first.Events.Concat(replay.Events).Concat(rest.Events).Texts();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"line {i}"), delivered);
    }

    [Fact]
    public async Task GlobWithoutMatchesIsCountedNotThrown()
    {
        var source = _fx.CreateSource("missing-dir/*.log");

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Empty(result.Events);
        Assert.Equal(1, result.Skipped[SkipReasons.NoMatchingFiles]);
    }

    [Fact]
    public async Task DoubleStarGlobMatchesNestedDirectories()
    {
        Directory.CreateDirectory(_fx.PathOf("x/y"));
        _fx.Append("top.log", "top\n");
        _fx.Append("x/y/deep.log", "deep\n");
        _fx.Append("x/y/skip.txt", "skip\n");
        var source = _fx.CreateSource("**/*.log");

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(["top", "deep"], result.Events.Texts());
    }

    [Fact]
    public async Task QuestionMarkGlobMatchesOneCharacter()
    {
        _fx.Append("app1.log", "one\n");
        _fx.Append("app12.log", "twelve\n");
        var source = _fx.CreateSource("app?.log");

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Equal(["one"], result.Events.Texts());
    }

    [Fact]
    public async Task StartAtEndSkipsExistingContent()
    {
        _fx.Append("a.log", "existing\n");
        var source = _fx.CreateSource("*.log", o => o.StartAt = FileStartPosition.End);

        var first = await SourceReading.ReadAllAsync(source, null);
        _fx.Append("a.log", "appended\n");
        _fx.Append("b.log", "new file\n");
        var second = await SourceReading.ReadAllAsync(source, first.Cursor);

        Assert.Empty(first.Events);
        Assert.Equal(["appended", "new file"], second.Events.Texts());
    }

    [Fact]
    public async Task RotatedFileIsForgottenAfterRotateWait()
    {
        _fx.Append("app.log", "x\n");
        var source = _fx.CreateSource("app.log", o => o.RotateWait = TimeSpan.FromSeconds(30));
        var first = await SourceReading.ReadAllAsync(source, null);
        File.Move(_fx.PathOf("app.log"), _fx.PathOf("app.log.1"));
        _fx.Append("app.log", "y\n");

        var kept = await SourceReading.ReadAllAsync(source, first.Cursor);
        _fx.Clock.Advance(TimeSpan.FromSeconds(31));
        var forgotten = await SourceReading.ReadAllAsync(source, kept.Cursor);

        Assert.Contains("app.log.1", kept.Cursor);
        Assert.DoesNotContain("app.log.1", forgotten.Cursor);
        Assert.Equal(["y"], kept.Events.Texts());
    }

    [Fact]
    public async Task InvalidCursorThrowsLogSourceException()
    {
        var source = _fx.CreateSource("app.log");

        var error = await Assert.ThrowsAsync<LogSourceException>(() => source.ReadAsync("{not json", 10, CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Contains("cursor", error.Message);
    }

    [Fact]
    public async Task Utf16FileIsSkippedAndCounted()
    {
        _fx.AppendBytes("app.log", [0xFF, 0xFE, (byte)'h', 0, (byte)'\n', 0]);
        var source = _fx.CreateSource("app.log");

        var result = await SourceReading.ReadAllAsync(source, null);

        Assert.Empty(result.Events);
        Assert.Equal(1, result.Skipped[SkipReasons.UnsupportedEncoding]);
    }
}
