using OrleansAgent.Grains.Engine.Redaction;

namespace OrleansAgent.Tests.Engine.Redaction;

public sealed class RedactorCustomPatternTests
{
    [Fact]
    public void CustomPatternReplacesMatch()
    {
        var redactor = new Redactor([new RedactionPattern("customer-id", @"CUST-\d{6}", "<CUSTOMER_ID>")]);

        var redacted = redactor.Redact("order for CUST-123456 and CUST-654321 shipped");

        Assert.Equal("order for <CUSTOMER_ID> and <CUSTOMER_ID> shipped", redacted);
    }

    [Fact]
    public void CustomPatternReplacesOnlyValueGroup()
    {
        var redactor = new Redactor([new RedactionPattern("session", @"sid=(?<value>[a-f0-9]+)", "<SESSION>")]);

        var redacted = redactor.Redact("request sid=deadbeef42 done");

        Assert.Equal("request sid=<SESSION> done", redacted);
    }

    [Fact]
    public void CustomPatternRunsAfterBuiltIns()
    {
        var redactor = new Redactor([new RedactionPattern("tenant", @"tenant-\w+", "<TENANT>")]);

        var result = redactor.RedactWithDetails("tenant-acme user bob@example.com");

        Assert.Equal("<TENANT> user <EMAIL>", result.Text);
        Assert.Equal([new RedactionCount("<EMAIL>", 1), new RedactionCount("<TENANT>", 1)], result.Counts);
    }

    [Fact]
    public void CustomPatternKeepsSameInstanceWithoutMatch()
    {
        var redactor = new Redactor([new RedactionPattern("customer-id", @"CUST-\d{6}", "<CUSTOMER_ID>")]);
        var line = "nothing to see";

        var redacted = redactor.Redact(line);

        Assert.Same(line, redacted);
    }

    [Fact]
    public void InvalidCustomRegexErrorNamesPatternAndRegex()
    {
        var error = Assert.Throws<ArgumentException>(() => new Redactor([new RedactionPattern("broken-one", "(unclosed", "<X>")]));

        Assert.Contains("broken-one", error.Message, StringComparison.Ordinal);
        Assert.Contains("(unclosed", error.Message, StringComparison.Ordinal);
        Assert.Contains("Not enough )", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("", "x", "<X>", "no name")]
    [InlineData("p", "", "<X>", "empty regex")]
    [InlineData("p", "x", "", "empty placeholder")]
    public void IncompleteCustomPatternIsRejected(string name, string pattern, string placeholder, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new Redactor([new RedactionPattern(name, pattern, placeholder)]));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CatastrophicCustomPatternFailsClosed()
    {
        // The lookahead forces the backtracking engine, and (a|aa)+$ then backtracks exponentially.
        var redactor = new Redactor([new RedactionPattern("slow", @"(?=(a|aa)+$)", "<SLOW>")], TimeSpan.FromMilliseconds(200));
        var line = "secret-bearing " + new string('a', 64) + "!";

        var result = redactor.RedactWithDetails(line);

        Assert.Equal("<REDACTION_TIMEOUT>", result.Text);
        Assert.Equal(1, redactor.TimeoutCount);
        Assert.Equal([new RedactionCount("<REDACTION_TIMEOUT>", 1)], result.Counts);
    }

    [Fact]
    public void NestedQuantifierCustomPatternRunsLinear()
    {
        // Without lookarounds the pattern runs on the non-backtracking engine, so it finishes and does not time out.
        var redactor = new Redactor([new RedactionPattern("nested", @"(a+)+$", "<A>")], TimeSpan.FromSeconds(5));

        var redacted = redactor.Redact(new string('a', 64) + "!");

        Assert.Equal(0, redactor.TimeoutCount);
        Assert.EndsWith("!", redacted, StringComparison.Ordinal);
    }
}
