using System.Text.Json;
using OrleansAgent.Grains.Engine.Mining;

namespace OrleansAgent.Tests.Mining;

public sealed class TemplateMinerTests
{
    [Fact]
    public void LinesDifferingInNumbersShareOnePattern()
    {
        var miner = new TemplateMiner();

        var first = miner.Add("Received block 1234 of size 67108864 from 10.0.0.1");
        var second = miner.Add("Received block 98 of size 512 from 10.0.0.2");

        Assert.Equal(first.PatternId, second.PatternId);
        Assert.Equal("Received block <*> of size <*> from <*>", second.Template);
        Assert.True(first.IsNew);
        Assert.False(second.IsNew);
    }

    [Fact]
    public void PatternIdIsSixteenLowercaseHexChars()
    {
        var miner = new TemplateMiner();

        var result = miner.Add("Service started");

        Assert.Matches("^[0-9a-f]{16}$", result.PatternId);
    }

    [Fact]
    public void PatternIdFollowsFirstTemplateAndNamespace()
    {
        var one = new TemplateMiner();
        var two = new TemplateMiner();
        var other = new TemplateMiner(new MinerOptions { IdNamespace = "tenant-b" });
        one.Add("Unrelated warm-up line");

        var first = one.Add("Disk /dev/sda1 is 91% full");
        var second = two.Add("Disk /dev/sdb2 is 95% full");
        var third = other.Add("Disk /dev/sda1 is 91% full");

        Assert.Equal(first.PatternId, second.PatternId);
        Assert.NotEqual(first.PatternId, third.PatternId);
    }

    [Fact]
    public void GeneralisingTemplateKeepsEarlierId()
    {
        var miner = new TemplateMiner();
        var first = miner.Add("session closed for user alice");
        miner.Add("session closed for user bob");

        var third = miner.Add("session closed for user carol");

        Assert.Equal(miner.Resolve(first.PatternId), third.PatternId);
        Assert.Equal("session closed for user <*>", third.Template);
    }

    [Fact]
    public void TwoWordsInSlotStayTwoPatterns()
    {
        var miner = new TemplateMiner();

        var begin = miner.Add("The change in focus caused a layout begin");
        var end = miner.Add("The change in focus caused a layout end");

        Assert.NotEqual(begin.PatternId, end.PatternId);
    }

    [Fact]
    public void QuotedValueWithSpacesJoinsOneWordPattern()
    {
        var miner = new TemplateMiner();
        var oneWord = miner.Add("acquire lock=17, tag=\"AudioMix\", uid=1000");

        var twoWords = miner.Add("acquire lock=18, tag=\"View Lock\", uid=1001");

        Assert.Equal(oneWord.PatternId, twoWords.PatternId);
        Assert.Equal("acquire lock=<*>, tag=\"<*>\", uid=<*>", twoWords.Template);
    }

    [Fact]
    public void ValueSpanningMoreTokensJoinsPattern()
    {
        var miner = new TemplateMiner();
        miner.Add("Destroying surface Surface(name=PopupWindow:1a2b3c4) called by wm.Animator.destroy:942");
        var shortName = miner.Add("Destroying surface Surface(name=InputMethod) called by wm.Animator.destroy:942");

        var longName = miner.Add("Destroying surface Surface(name=SurfaceView - com.example.app/com.example.app.Main) called by wm.Animator.destroy:942");

        Assert.Equal(shortName.PatternId, longName.PatternId);
    }

    [Fact]
    public void LengthVariantSurvivesSnapshot()
    {
        var miner = new TemplateMiner();
        miner.Add("Destroying surface Surface(name=PopupWindow:1a2b3c4) called by wm.Animator.destroy:942");
        var shortName = miner.Add("Destroying surface Surface(name=InputMethod) called by wm.Animator.destroy:942");
        miner.Add("Destroying surface Surface(name=SurfaceView - com.example.app/com.example.app.Main) called by wm.Animator.destroy:942");

        var restored = TemplateMiner.FromSnapshot(JsonSerializer.Deserialize<MinerSnapshot>(JsonSerializer.Serialize(miner.ToSnapshot()))!);
        var again = restored.Add("Destroying surface Surface(name=SurfaceView - com.example.app/com.example.app.Other) called by wm.Animator.destroy:942");

        Assert.Equal(shortName.PatternId, again.PatternId);
        Assert.False(again.IsNew);
    }

    [Fact]
    public void RedactionPlaceholdersStayLiteral()
    {
        var miner = new TemplateMiner();

        var result = miner.Add("password reset mail sent to <EMAIL> with token <SECRET>");

        Assert.Equal("password reset mail sent to <EMAIL> with token <SECRET>", result.Template);
    }

    [Theory]
    [InlineData("connect to 192.168.1.20:8443 failed", "connect to <*> failed")]
    [InlineData("connect to [fe80::1ff:fe23:4567:890a]:443 failed", "connect to [<*>]:<*> failed")]
    [InlineData("request 550e8400-e29b-41d4-a716-446655440000 done", "request <*> done")]
    [InlineData("opened /var/log/app/current.log", "opened <*>")]
    [InlineData("fetching https://example.org/a?b=1", "fetching <*>")]
    [InlineData("register at 0x7ffde2a0 hex 9f4ef63", "register at <*> hex <*>")]
    [InlineData("started at 2024-05-01T10:00:00.123Z", "started at <*>")]
    [InlineData("job ran at 10:00:00,123 ok", "job ran at <*> ok")]
    [InlineData("ids 10,20,30 and 1:00:00,5x", "ids <*>,<*>,<*> and <*>:<*>:<*>,<*>x")]
    [InlineData("login uid=0 euid=0", "login uid=<*> euid=<*>")]
    [InlineData("estimated size 7.5 KB, free 3.0 MB", "estimated size <*> <*>, free <*> <*>")]
    [InlineData("connection at Sat Jul 02 10:11:12 2011", "connection at <*> <*> <*> <*> <*>")]
    public void ValuesBecomeVariables(string line, string template)
    {
        var miner = new TemplateMiner();

        var result = miner.Add(line);

        Assert.Equal(template, result.Template);
    }

    [Fact]
    public void MatchChangesNothing()
    {
        var miner = new TemplateMiner();
        miner.Add("Worker 1 started");
        var before = miner.ToSnapshot();

        var match = miner.Match("Worker 2 started");
        var miss = miner.Match("completely different text here");

        Assert.NotNull(match);
        Assert.Null(miss);
        Assert.Equal(JsonSerializer.Serialize(before), JsonSerializer.Serialize(miner.ToSnapshot()));
    }

    [Fact]
    public void MergeIsRecordedWithAliasAndKeepsCounts()
    {
        var miner = new TemplateMiner();
        var alice = miner.Add("session opened for user alice by root");
        var bob = miner.Add("session opened for user bob by root");
        Assert.NotEqual(alice.PatternId, bob.PatternId);

        miner.Add("session closed for user alice");
        miner.Add("session closed for user bob");
        miner.Add("session closed for user carol");
        var merges = miner.TakeMerges();

        var merge = Assert.Single(merges, m => m.FromId == bob.PatternId);
        Assert.Equal(alice.PatternId, merge.IntoId);
        Assert.Equal(alice.PatternId, miner.Resolve(bob.PatternId));
        Assert.Equal(2, miner.Patterns.Single(p => p.Id == alice.PatternId).Count);
        Assert.Equal(5, miner.Patterns.Sum(p => p.Count));
        Assert.Empty(miner.TakeMerges());
    }

    [Fact]
    public void EvictionRemovesRarestUnprotectedPattern()
    {
        var miner = new TemplateMiner(new MinerOptions { MaxPatterns = 2 });
        var common = miner.Add("alpha event happened");
        miner.Add("alpha event happened");
        var rare = miner.Add("beta thing occurred now");

        miner.Add("gamma condition was met here");

        Assert.Equal([rare.PatternId], miner.TakeEvictions());
        Assert.Equal(2, miner.PatternCount);
        Assert.NotNull(miner.Resolve(common.PatternId));
    }

    [Fact]
    public void EvictionNeverRemovesProtectedPattern()
    {
        var miner = new TemplateMiner(new MinerOptions { MaxPatterns = 3 });
        var labelled = miner.Add("payment declined by provider");
        miner.SetProtected(labelled.PatternId, true);

        for (var i = 0; i < 50; i++)
        {
            miner.Add($"distinct message {new string((char)('a' + (i % 26)), 1 + (i / 26))} kind");
            miner.Add($"other shape {new string((char)('a' + (i % 26)), 1 + (i / 26))} number {i}");
        }

        Assert.Equal(labelled.PatternId, miner.Resolve(labelled.PatternId));
        Assert.True(miner.Patterns.Single(p => p.Id == labelled.PatternId).IsProtected);
        Assert.True(miner.PatternCount <= 3);
        Assert.NotEmpty(miner.TakeEvictions());
    }

    [Fact]
    public void ProtectionSetBeforePatternExistsApplies()
    {
        var miner = new TemplateMiner();
        var probe = new TemplateMiner().Add("node failed health check").PatternId;

        miner.SetProtected(probe, true);
        miner.Add("node failed health check");

        Assert.True(miner.Patterns.Single().IsProtected);
    }

    [Fact]
    public void LongLineIsCutToTokenCap()
    {
        var miner = new TemplateMiner(new MinerOptions { MaxTokensPerLine = 16 });

        var result = miner.Add(string.Join(' ', Enumerable.Range(0, 100_000).Select(i => $"w{i % 7}x")));

        Assert.Equal(16, result.Template.Split(' ').Length);
        Assert.EndsWith("<*>", result.Template);
    }

    [Fact]
    public void SnapshotRestoresIdsAliasesAndCounts()
    {
        var miner = new TemplateMiner();
        var alice = miner.Add("session opened for user alice by root").PatternId;
        var bob = miner.Add("session opened for user bob by root").PatternId;
        foreach (var user in new[] { "alice", "bob", "carol" })
        {
            miner.Add($"session closed for user {user}");
        }

        var json = JsonSerializer.Serialize(miner.ToSnapshot());
        var restored = TemplateMiner.FromSnapshot(JsonSerializer.Deserialize<MinerSnapshot>(json)!);

        Assert.Equal(alice, restored.Resolve(bob));
        Assert.Equal(alice, restored.Add("session opened for user dave by root").PatternId);
        Assert.Equal(miner.Patterns.Sum(p => p.Count) + 1, restored.Patterns.Sum(p => p.Count));
    }

    [Fact]
    public void SnapshotWithOtherNamespaceIsRejected()
    {
        var snapshot = new TemplateMiner(new MinerOptions { IdNamespace = "a" }).ToSnapshot();

        var error = Assert.Throws<ArgumentException>(() => TemplateMiner.FromSnapshot(snapshot, new MinerOptions { IdNamespace = "b" }));

        Assert.Contains("IdNamespace", error.Message);
    }

    [Fact]
    public void InvalidOptionIsRejectedByName()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TemplateMiner(new MinerOptions { MaxPatterns = 0 }));

        Assert.Equal("MaxPatterns", error.ParamName);
    }
}
