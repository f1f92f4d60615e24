using System.Globalization;

namespace OrleansAgent.Silo.Sample;

/// <summary>A line of the generated log with the fault it belongs to, if any.</summary>
public sealed record GeneratedLine(DateTimeOffset Time, string Text, string? Fault);

/// <summary>A fault to inject into the generated log.</summary>
/// <param name="Kind"><see cref="SampleFaults.NewError"/> or <see cref="SampleFaults.WarningSpike"/>.</param>
/// <param name="Start">When the fault begins, in event time.</param>
/// <param name="Duration">How long it lasts.</param>
public sealed record SampleFault(string Kind, DateTimeOffset Start, TimeSpan Duration);

/// <summary>The kinds of fault the generator can inject.</summary>
public static class SampleFaults
{
    /// <summary>A payment provider error the service never logged before, about 30 lines a minute.</summary>
    public const string NewError = "new-error";

    /// <summary>The known slow-query warning at about 40 times its usual rate.</summary>
    public const string WarningSpike = "warning-spike";
}

/// <summary>
/// Generates a realistic multi-service application log: web requests, payments, inventory, authentication,
/// a slow-query warning about once a minute, a nightly batch burst at 02:00 UTC and a deploy at 14:00 UTC
/// every day, plus injected faults. The output is deterministic for a given seed and sequence of calls;
/// consecutive calls continue one stream, so a live writer can call it once a second.
/// </summary>
public sealed class SampleLogGenerator(int seed = 7, double linesPerSecond = 8)
{
    private readonly Random _random = new(seed);
    private DateTimeOffset? _nextSlowQuery;

    private static readonly string[] Users = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"];
    private static readonly string[] Products = ["SKU-1001", "SKU-2040", "SKU-3310", "SKU-0042", "SKU-7777"];
    private static readonly string[] Paths = ["/api/cart", "/api/products", "/api/orders", "/api/users/me", "/health/live"];
    private static readonly string[] Services = ["checkout", "payments", "inventory", "auth", "gateway"];

    /// <summary>Generates the lines from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), in time order.</summary>
    public IEnumerable<GeneratedLine> Generate(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<SampleFault>? faults = null)
    {
        var random = _random;
        var gap = TimeSpan.FromSeconds(1 / linesPerSecond);
        _nextSlowQuery ??= from.AddSeconds(random.Next(20, 60));
        for (var time = from; time < to; time += Jitter(random, gap))
        {
            yield return new GeneratedLine(time, Format(time, NormalLine(random)), null);

            if (time >= _nextSlowQuery)
            {
                yield return new GeneratedLine(time, Format(time, SlowQuery(random)), null);
                _nextSlowQuery = time.AddSeconds(random.Next(40, 80));
            }

            foreach (var line in Scheduled(time, gap, random))
            {
                yield return line;
            }

            foreach (var fault in faults ?? [])
            {
                if (time >= fault.Start && time < fault.Start + fault.Duration)
                {
                    foreach (var line in FaultLines(fault, time, gap, random))
                    {
                        yield return line;
                    }
                }
            }
        }
    }

    /// <summary>Formats one line the way the generated services log: ISO time, level, service, message.</summary>
    public static string Format(DateTimeOffset time, (string Level, string Service, string Message) entry) =>
        string.Create(CultureInfo.InvariantCulture, $"{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {entry.Level,-5} [{entry.Service}] {entry.Message}");

    private static TimeSpan Jitter(Random random, TimeSpan gap) => TimeSpan.FromTicks((long)(gap.Ticks * (0.5 + random.NextDouble())));

    private static (string, string, string) NormalLine(Random random)
    {
        var user = Users[random.Next(Users.Length)];
        var order = random.Next(10_000, 99_999);
        var product = Products[random.Next(Products.Length)];
        return random.Next(12) switch
        {
            0 or 1 or 2 => ("INFO", "gateway", $"{RandomIp(random)} \"GET {Paths[random.Next(Paths.Length)]} HTTP/1.1\" 200 {random.Next(200, 9000)} {random.Next(2, 300)}ms"),
            3 => ("INFO", "gateway", $"{RandomIp(random)} \"POST /api/orders HTTP/1.1\" 201 {random.Next(100, 900)} {random.Next(20, 400)}ms"),
            4 => ("INFO", "checkout", $"Order {order} placed by user {user} with {random.Next(1, 6)} items, total {random.Next(5, 500)}.{random.Next(10, 99)} EUR"),
            5 => ("INFO", "payments", $"Payment authorized for order {order} via card ending {random.Next(1000, 9999)} in {random.Next(80, 900)} ms"),
            6 => ("INFO", "inventory", $"Reserved {random.Next(1, 5)} units of {product} for order {order}"),
            7 => ("INFO", "auth", $"User {user} logged in from {RandomIp(random)} session {NewGuid(random):N}"),
            8 => ("DEBUG", "checkout", $"Cache hit for cart {NewGuid(random)} ({random.Next(1, 20)} entries)"),
            9 => ("INFO", "auth", $"Token refreshed for user {user}@example.com, expires in {random.Next(10, 60)} minutes"),
            10 => ("INFO", "inventory", $"Stock level of {product} is {random.Next(0, 800)} units"),
            _ => ("INFO", "payments", $"Webhook from provider processed: event evt_{random.Next(100000, 999999)} type charge.succeeded"),
        };
    }

    private static (string, string, string) SlowQuery(Random random) =>
        ("WARN", "inventory", $"Slow query on table stock_levels took {random.Next(1200, 4000)} ms (threshold 1000 ms)");

    private static IEnumerable<GeneratedLine> Scheduled(DateTimeOffset time, TimeSpan gap, Random random)
    {
        var previous = time - gap;
        foreach (var (hour, kind) in new[] { (2, "batch"), (14, "deploy") })
        {
            var mark = new DateTimeOffset(time.UtcDateTime.Date.AddHours(hour), TimeSpan.Zero);
            if (previous < mark && time >= mark)
            {
                var lines = kind == "batch" ? NightlyBatch(mark, random) : Deploy(mark, random);
                foreach (var line in lines)
                {
                    yield return line;
                }
            }
        }
    }

    private static IEnumerable<GeneratedLine> NightlyBatch(DateTimeOffset start, Random random)
    {
        yield return new GeneratedLine(start, Format(start, ("INFO", "batch", "Nightly reconciliation job started")), null);
        for (var index = 0; index < 300; index++)
        {
            var time = start.AddSeconds(index * 0.5);
            yield return new GeneratedLine(time, Format(time, ("INFO", "batch", $"Reconciled ledger entry {random.Next(1_000_000, 9_999_999)} for account {random.Next(1000, 9999)}")), null);
        }

        var end = start.AddSeconds(150);
        yield return new GeneratedLine(end, Format(end, ("INFO", "batch", "Nightly reconciliation job finished: 300 entries in 150 s")), null);
    }

    private static IEnumerable<GeneratedLine> Deploy(DateTimeOffset start, Random random)
    {
        var version = $"v2.{start.DayOfYear % 50}.{random.Next(0, 9)}";
        foreach (var (offset, service) in Services.Select((service, index) => (index * 4, service)))
        {
            var time = start.AddSeconds(offset);
            yield return new GeneratedLine(time, Format(time, ("INFO", "deploy", $"Rolling out {version} to {service}: pod {service}-{NewGuid(random).ToString("N")[..5]} terminating")), null);
            yield return new GeneratedLine(time.AddSeconds(1), Format(time.AddSeconds(1), ("WARN", service, "Connection pool drained during shutdown, 3 requests retried")), null);
            yield return new GeneratedLine(time.AddSeconds(2), Format(time.AddSeconds(2), ("INFO", "deploy", $"Pod {service}-{NewGuid(random).ToString("N")[..5]} ready, rollout of {service} at {version} complete")), null);
        }
    }

    private static IEnumerable<GeneratedLine> FaultLines(SampleFault fault, DateTimeOffset time, TimeSpan gap, Random random)
    {
        // Each fault adds lines at a fixed rate per second, independent of the normal line rate.
        var perSecond = fault.Kind == SampleFaults.NewError ? 0.5 : 0.7;
        if (random.NextDouble() >= perSecond * gap.TotalSeconds)
        {
            yield break;
        }

        var entry = fault.Kind == SampleFaults.NewError
            ? ("ERROR", "payments", $"Payment provider call failed: upstream 10.20.{random.Next(0, 9)}.{random.Next(2, 250)}:443 timed out after 30000 ms (order {random.Next(10_000, 99_999)}, attempt 3/3)")
            : SlowQuery(random);
        yield return new GeneratedLine(time, Format(time, entry), fault.Kind);
    }

    private static Guid NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static string RandomIp(Random random) => $"{random.Next(11, 223)}.{random.Next(0, 255)}.{random.Next(0, 255)}.{random.Next(1, 254)}";
}
