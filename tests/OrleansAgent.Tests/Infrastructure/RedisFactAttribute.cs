namespace OrleansAgent.Tests.Infrastructure;

/// <summary>A fact that runs only when <c>ORLEANSAGENT_REDIS</c> names a redis-server (host:port) to test against.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public const string Variable = "ORLEANSAGENT_REDIS";

    public RedisFactAttribute()
    {
        if (Endpoint is null)
        {
            Skip = $"Set {Variable}=127.0.0.1:PORT to a running redis-server to run this test.";
        }
    }

    public static string? Endpoint
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }
    }
}
