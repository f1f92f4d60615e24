using OrleansAgent.Grains.Interfaces.Analysis;

namespace OrleansAgent.Grains.Analysis.Budget;

/// <summary>
/// The budget rules over <see cref="AiBudgetState"/>: a sliding 60-minute window for calls and a UTC calendar
/// day for tokens. Kept apart from the grain so the rules can be tested with explicit times.
/// </summary>
internal static class AiBudgetLedger
{
    private static readonly TimeSpan CallWindow = TimeSpan.FromHours(1);

    /// <summary>Reserves a call and tokens at <paramref name="nowUtc"/>, or returns <c>null</c> when a limit is reached.</summary>
    public static BudgetLease? TryAcquire(AiBudgetState state, int estimatedTokens, AiBudgetLimits limits, DateTime nowUtc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(estimatedTokens);
        state.Limits = limits;
        Roll(state, nowUtc);

        if (state.CallTimesUtc.Count >= limits.MaxCallsPerHour)
        {
            return null;
        }

        if (state.TokensUsed + estimatedTokens > limits.MaxTokensPerDay)
        {
            return null;
        }

        state.CallTimesUtc.Add(nowUtc);
        state.TokensUsed += estimatedTokens;
        return new BudgetLease(Guid.NewGuid(), state.DayUtc, estimatedTokens);
    }

    /// <summary>Replaces the reserved estimate with the actual tokens, when the lease belongs to the current day.</summary>
    public static void RecordUsage(AiBudgetState state, BudgetLease lease, int actualTokens, DateTime nowUtc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actualTokens);
        Roll(state, nowUtc);
        if (lease.DayUtc != state.DayUtc)
        {
            return;
        }

        state.TokensUsed = Math.Max(0, state.TokensUsed - lease.ReservedTokens + actualTokens);
    }

    /// <summary>Returns the figures at <paramref name="nowUtc"/>.</summary>
    public static AiBudgetStatus GetStatus(AiBudgetState state, DateTime nowUtc)
    {
        Roll(state, nowUtc);
        var limits = state.Limits;
        var callsLeft = limits is null ? 0 : Math.Max(0, limits.MaxCallsPerHour - state.CallTimesUtc.Count);
        var tokensLeft = limits is null ? 0 : Math.Max(0, limits.MaxTokensPerDay - state.TokensUsed);
        return new AiBudgetStatus(state.CallTimesUtc.Count, callsLeft, state.TokensUsed, tokensLeft, limits);
    }

    /// <summary>Drops calls older than the window and starts a new token day after UTC midnight.</summary>
    private static void Roll(AiBudgetState state, DateTime nowUtc)
    {
        var windowStart = nowUtc - CallWindow;
        state.CallTimesUtc.RemoveAll(time => time <= windowStart);

        var today = nowUtc.Date;
        if (state.DayUtc != today)
        {
            state.DayUtc = today;
            state.TokensUsed = 0;
        }
    }
}
