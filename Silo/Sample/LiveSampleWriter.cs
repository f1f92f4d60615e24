namespace OrleansAgent.Silo.Sample;

/// <summary>Settings of the built-in sample log that a first run watches.</summary>
public sealed class SampleOptions
{
    public const string SectionName = "Agent:Sample";

    /// <summary>Write and follow the sample log. Set by the run command when no source is configured.</summary>
    public bool Enabled { get; set; }

    /// <summary>The sample log file. Default: <c>data/sample/app.log</c>.</summary>
    public string Path { get; set; } = System.IO.Path.Combine("data", "sample", "app.log");

    /// <summary>History written before the live lines, for training. Default: 24 hours.</summary>
    public TimeSpan History { get; set; } = TimeSpan.FromHours(24);

    /// <summary>When the injected new error starts, after start-up. Default: 60 seconds.</summary>
    public TimeSpan NewErrorAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>When the injected warning spike starts, after start-up. Default: 150 seconds.</summary>
    public TimeSpan SpikeAfter { get; set; } = TimeSpan.FromSeconds(150);
}

/// <summary>
/// Writes the sample log: a day of history at the first start, then live lines every second with a new
/// error and a warning spike injected a little after start-up, so a first run shows the whole loop.
/// </summary>
public sealed partial class LiveSampleWriter(
    Microsoft.Extensions.Options.IOptions<SampleOptions> options,
    TimeProvider timeProvider,
    ILogger<LiveSampleWriter> logger) : BackgroundService
{
    // Live lines keep the rate of the history; a faster live rate would be a real spike of every pattern.
    private const double HistoryLinesPerSecond = 2;
    private const double LiveLinesPerSecond = HistoryLinesPerSecond;

    /// <summary>Writes the history when the file does not exist yet; called before the silo starts.</summary>
    public static void EnsureHistory(SampleOptions options, DateTimeOffset now)
    {
        if (File.Exists(options.Path))
        {
            return;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(options.Path))!);
        var generator = new SampleLogGenerator(seed: 11, HistoryLinesPerSecond);
        var temporary = options.Path + ".tmp";
        File.WriteAllLines(temporary, generator.Generate(now - options.History, now).Select(line => line.Text));
        File.Move(temporary, options.Path, overwrite: true);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var start = timeProvider.GetUtcNow();
        var faults = new[]
        {
            new SampleFault(SampleFaults.NewError, start + options.Value.NewErrorAfter, TimeSpan.FromSeconds(60)),
            new SampleFault(SampleFaults.WarningSpike, start + options.Value.SpikeAfter, TimeSpan.FromSeconds(60)),
        };
        LogFaultsScheduled(options.Value.Path, faults[0].Start, faults[1].Start);

        var generator = new SampleLogGenerator(seed: (int)(start.ToUnixTimeSeconds() % int.MaxValue), LiveLinesPerSecond);
        var from = start;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var to = timeProvider.GetUtcNow();
            var lines = generator.Generate(from, to, faults).Select(line => line.Text + "\n");
            await File.AppendAllTextAsync(options.Value.Path, string.Concat(lines), stoppingToken);
            from = to;
        }
    }

    [LoggerMessage(EventId = 2101, EventName = "SampleFaultsScheduled", Level = LogLevel.Information,
        Message = "Sample log {Path}: a new payment error starts at {NewErrorAt:HH:mm:ss} UTC and a slow-query spike at {SpikeAt:HH:mm:ss} UTC")]
    private partial void LogFaultsScheduled(string path, DateTimeOffset newErrorAt, DateTimeOffset spikeAt);
}
