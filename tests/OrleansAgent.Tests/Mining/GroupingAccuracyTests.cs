using OrleansAgent.Benchmarks.Loghub;

namespace OrleansAgent.Tests.Mining;

public sealed class GroupingAccuracyTests
{
    [Fact]
    public void GroupingAccuracyIgnoresGroupNames()
    {
        string[] truth = ["E1", "E1", "E2", "E3"];
        string[] predicted = ["a", "a", "b", "c"];

        var accuracy = GroupingAccuracy.Compute(predicted, truth);

        Assert.Equal(1.0, accuracy);
    }

    [Fact]
    public void GroupingAccuracyCountsNoLineOfMergedEvents()
    {
        string[] truth = ["E1", "E1", "E2", "E3"];
        string[] predicted = ["a", "a", "a", "c"];

        var accuracy = GroupingAccuracy.Compute(predicted, truth);

        Assert.Equal(0.25, accuracy);
    }

    [Fact]
    public void GroupingAccuracyCountsNoLineOfSplitEvent()
    {
        string[] truth = ["E1", "E1", "E1", "E2"];
        string[] predicted = ["a", "a", "b", "c"];

        var accuracy = GroupingAccuracy.Compute(predicted, truth);

        Assert.Equal(0.25, accuracy);
    }

    [Fact]
    public void CsvReaderHandlesQuotesCommasAndDoubledQuotes()
    {
        var rows = CsvReader.Read("a,b\n1,\"x, \"\"y\"\"\"\n");

        Assert.Equal(2, rows.Count);
        Assert.Equal(["1", "x, \"y\""], rows[1]);
    }
}
