namespace OrleansAgent.Tests.Infrastructure;

/// <summary>Awaits a condition instead of sleeping for a guessed time.</summary>
public static class Eventually
{
    /// <summary>Evaluates <paramref name="probe"/> until <paramref name="condition"/> holds or <paramref name="timeout"/> passes, and returns the last value.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var value = await probe();
            if (condition(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(100);
        }
    }
}
