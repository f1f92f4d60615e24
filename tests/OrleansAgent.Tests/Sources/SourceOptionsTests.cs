using Microsoft.Extensions.Configuration;
using OrleansAgent.Grains.Sources;
using OrleansAgent.Grains.Sources.Files;

namespace OrleansAgent.Tests.Sources;

public sealed class SourceOptionsTests
{
    private static IConfiguration Config(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public void BindReadsListWithNestedSectionsAndEnum()
    {
        var config = Config(new()
        {
            ["Agent:Sources:0:Name"] = "app",
            ["Agent:Sources:0:Type"] = "file",
            ["Agent:Sources:0:PollInterval"] = "00:00:10",
            ["Agent:Sources:0:File:Path"] = "/var/log/app/*.log",
            ["Agent:Sources:0:File:StartAt"] = "end",
            ["Agent:Sources:1:Name"] = "loki",
            ["Agent:Sources:1:Type"] = "loki",
            ["Agent:Sources:1:Loki:Url"] = "https://loki.example.internal:3100",
            ["Agent:Sources:1:Loki:Query"] = "{app=\"api\"}",
        });

        var sources = LogSourceFactory.Bind(config);

        Assert.Equal(2, sources.Count);
        Assert.Equal(TimeSpan.FromSeconds(10), sources[0].PollInterval);
        Assert.Equal(FileStartPosition.End, sources[0].File!.StartAt);
        Assert.Equal("{app=\"api\"}", sources[1].Loki!.Query);
        Assert.Empty(SourceOptionsValidator.Validate(sources));
    }

    [Fact]
    public void ValidateNamesSettingPathForEachProblem()
    {
        var sources = new List<SourceOptions>
        {
            new() { Name = "", Type = "file", File = new FileSourceOptions { Path = "relative/*.log", MultilineStartPattern = @"(a)\1" } },
            new() { Name = "x", Type = "kafka" },
            new() { Name = "es", Type = "elasticsearch", PollInterval = TimeSpan.FromSeconds(-1) },
            new() { Name = "loki", Type = "loki", Loki = new() { Url = "not a url", Query = "{a=\"b\"}" } },
            new() { Name = "cw", Type = "cloudwatch", CloudWatch = new() { Region = "eu-west-1", LogGroupName = "/g", AccessKeyId = "AKIDEXAMPLE" } },
        };

        var errors = SourceOptionsValidator.Validate(sources);

        Assert.Contains(errors, e => e.StartsWith("Agent:Sources:0:Name is missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Agent:Sources:0:File:Path", StringComparison.Ordinal) && e.Contains("absolute"));
        Assert.Contains(errors, e => e.StartsWith("Agent:Sources:0:File:MultilineStartPattern", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Agent:Sources:1:Type 'kafka'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Agent:Sources:2:PollInterval", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Agent:Sources:2:Elasticsearch is missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Agent:Sources:3:Loki:Url 'not a url'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Agent:Sources:4:CloudWatch:AccessKeyId", StringComparison.Ordinal));
        Assert.Equal(8, errors.Count);
    }

    [Fact]
    public void ValidateRejectsDuplicateNamesAndShardsWithoutSelector()
    {
        var sources = new List<SourceOptions>
        {
            new() { Name = "app", Type = "file", File = new() { Path = "/logs/*.log" }, Shards = [new() { Name = "a" }] },
            new() { Name = "APP", Type = "file", File = new() { Path = "/logs/*.log" } },
        };

        var errors = SourceOptionsValidator.Validate(sources);

        Assert.Contains(errors, e => e.StartsWith("Agent:Sources:0:Shards:0 selects no data", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Agent:Sources:1:Name 'APP' is used by another source", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "Agent:Sources:0:File:Path is missing")]
    [InlineData("logs/*.log", "Agent:Sources:0:File:Path")]
    public void ValidateRejectsMissingGlob(string glob, string expectedStart)
    {
        var sources = new List<SourceOptions> { new() { Name = "app", Type = "file", File = new() { Path = glob, MaxLineBytes = 10 } } };

        var errors = SourceOptionsValidator.Validate(sources);

        Assert.Contains(errors, e => e.StartsWith(expectedStart, StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Agent:Sources:0:File:MaxLineBytes is 10", StringComparison.Ordinal));
    }

    [Fact]
    public void ExpandKeepsNameForUnshardedSource()
    {
        var source = new SourceOptions { Name = "app", Type = "file", File = new() { Path = "/logs/*.log" } };

        var shards = SourceSharding.Expand(source);

        Assert.Equal("app", Assert.Single(shards).ShardKey);
    }

    [Fact]
    public void ExpandAppliesShardOverridesToIndependentCopies()
    {
        var source = new SourceOptions
        {
            Name = "app",
            Type = "file",
            File = new() { Path = "/logs/*.log", MaxLineBytes = 4096 },
            Shards = [new() { Name = "web", FilePath = "/logs/web/*.log" }, new() { Name = "db", FilePath = "/logs/db/*.log" }],
        };

        var shards = SourceSharding.Expand(source);

        Assert.Equal(["app/web", "app/db"], shards.Select(s => s.ShardKey));
        Assert.Equal("/logs/web/*.log", shards[0].Options.File!.Path);
        Assert.Equal("/logs/db/*.log", shards[1].Options.File!.Path);
        Assert.Equal(4096, shards[1].Options.File!.MaxLineBytes);
        Assert.Equal("/logs/*.log", source.File.Path);
        Assert.Empty(shards[0].Options.Shards);
    }
}
