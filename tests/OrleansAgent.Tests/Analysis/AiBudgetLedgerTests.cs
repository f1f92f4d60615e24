using OrleansAgent.Grains.Analysis.Budget;
using OrleansAgent.Grains.Interfaces.Analysis;

namespace OrleansAgent.Tests.Analysis;

public sealed class AiBudgetLedgerTests
{
    private static readonly DateTime Noon = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);
    private static readonly AiBudgetLimits Limits = new(MaxCallsPerHour: 2, MaxTokensPerDay: 1_000);

    [Fact]
    public void TryAcquireRejectsCallsBeyondHourlyLimit()
    {
        var state = new AiBudgetState();

        var first = AiBudgetLedger.TryAcquire(state, 10, Limits, Noon);
        var second = AiBudgetLedger.TryAcquire(state, 10, Limits, Noon.AddMinutes(1));
        var third = AiBudgetLedger.TryAcquire(state, 10, Limits, Noon.AddMinutes(2));

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(third);
    }

    [Fact]
    public void TryAcquireAllowsCallAgainWhenOldestLeavesSlidingHour()
    {
        var state = new AiBudgetState();
        AiBudgetLedger.TryAcquire(state, 10, Limits, Noon);
        AiBudgetLedger.TryAcquire(state, 10, Limits, Noon.AddMinutes(30));

        var beforeHour = AiBudgetLedger.TryAcquire(state, 10, Limits, Noon.AddMinutes(59));
        var afterHour = AiBudgetLedger.TryAcquire(state, 10, Limits, Noon.AddMinutes(61));

        Assert.Null(beforeHour);
        Assert.NotNull(afterHour);
    }

    [Fact]
    public void TryAcquireRejectsTokensBeyondDailyLimit()
    {
        var state = new AiBudgetState();
        var limits = Limits with { MaxCallsPerHour = 100 };
        AiBudgetLedger.TryAcquire(state, 900, limits, Noon);

        var tooMany = AiBudgetLedger.TryAcquire(state, 101, limits, Noon);
        var fits = AiBudgetLedger.TryAcquire(state, 100, limits, Noon);

        Assert.Null(tooMany);
        Assert.NotNull(fits);
    }

    [Fact]
    public void TokensResetAtUtcMidnight()
    {
        var state = new AiBudgetState();
        var limits = Limits with { MaxCallsPerHour = 100 };
        AiBudgetLedger.TryAcquire(state, 1_000, limits, Noon);

        var sameDay = AiBudgetLedger.TryAcquire(state, 1, limits, Noon.AddHours(11).AddMinutes(59));
        var nextDay = AiBudgetLedger.TryAcquire(state, 1, limits, Noon.AddHours(12));

        Assert.Null(sameDay);
        Assert.NotNull(nextDay);
    }

    [Fact]
    public void RecordUsageReplacesEstimateWithActualTokens()
    {
        var state = new AiBudgetState();
        var lease = AiBudgetLedger.TryAcquire(state, 500, Limits, Noon)!;

        AiBudgetLedger.RecordUsage(state, lease, 120, Noon);

        Assert.Equal(120, AiBudgetLedger.GetStatus(state, Noon).TokensToday);
        Assert.Equal(880, AiBudgetLedger.GetStatus(state, Noon).TokensLeft);
    }

    [Fact]
    public void RecordUsageIgnoresLeaseOfEarlierDay()
    {
        var state = new AiBudgetState();
        var lease = AiBudgetLedger.TryAcquire(state, 500, Limits, Noon)!;
        var tomorrow = Noon.AddDays(1);
        AiBudgetLedger.TryAcquire(state, 50, Limits, tomorrow);

        AiBudgetLedger.RecordUsage(state, lease, 400, tomorrow);

        Assert.Equal(50, AiBudgetLedger.GetStatus(state, tomorrow).TokensToday);
    }

    [Fact]
    public void StatusReportsCallsUsedAndLeft()
    {
        var state = new AiBudgetState();
        AiBudgetLedger.TryAcquire(state, 10, Limits, Noon);

        var status = AiBudgetLedger.GetStatus(state, Noon);

        Assert.Equal(1, status.CallsLastHour);
        Assert.Equal(1, status.CallsLeft);
        Assert.Equal(Limits, status.Limits);
    }
}
