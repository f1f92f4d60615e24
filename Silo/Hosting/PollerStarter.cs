using OrleansAgent.Grains.Interfaces.Sources;
using OrleansAgent.Grains.Sources.Polling;

namespace OrleansAgent.Silo.Hosting;

/// <summary>Activates the poller grain of every configured source once the silo has started.</summary>
public sealed partial class PollerStarter(
    IGrainFactory grainFactory,
    ISourceRegistry sources,
    IHostApplicationLifetime lifetime,
    ILogger<PollerStarter> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Grain calls work only after the silo is running, which is after hosted services have started.
        lifetime.ApplicationStarted.Register(() => _ = StartPollersAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task StartPollersAsync()
    {
        foreach (var key in sources.PollerKeys)
        {
            try
            {
                await grainFactory.GetGrain<ISourcePollerGrain>(key).StartAsync();
                LogPollerStarted(key);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LogPollerStartFailed(exception, key);
            }
        }
    }

    [LoggerMessage(EventId = 2001, EventName = "PollerStarted", Level = LogLevel.Information, Message = "Source poller {PollerKey} started")]
    private partial void LogPollerStarted(string pollerKey);

    [LoggerMessage(EventId = 2002, EventName = "PollerStartFailed", Level = LogLevel.Error,
        Message = "Source poller {PollerKey} could not start; check its settings under Agent:Sources")]
    private partial void LogPollerStartFailed(Exception exception, string pollerKey);
}
