using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Analysis;
using OrleansAgent.Grains.Analysis.Ai;
using OrleansAgent.Grains.Hosting;
using OrleansAgent.Grains.Interfaces;
using OrleansAgent.Grains.Interfaces.Incidents;
using OrleansAgent.Grains.Interfaces.Modes;
using OrleansAgent.Grains.Interfaces.Patterns;
using OrleansAgent.Grains.Interfaces.Signals;
using OrleansAgent.Grains.Interfaces.Sources;
using OrleansAgent.Grains.Sources.Polling;

namespace OrleansAgent.Silo.Replay;

/// <summary>What to replay and with which settings.</summary>
public sealed record ReplayRequest(
    IReadOnlyList<string> TrainFiles,
    IReadOnlyList<string> DetectFiles,
    string? HeaderFormat,
    IReadOnlyDictionary<string, string?> Settings,
    int MaxEventsPerPoll = 5000);

/// <summary>
/// Runs the whole funnel offline: a silo in this process with in-memory storage, one poller that reads the
/// training files in training mode and then the detection files in detect mode, with the deterministic
/// analyzer. It reports what detect mode would have done.
/// </summary>
public static class ReplayRunner
{
    public static async Task<ReplayReport> RunAsync(ReplayRequest request, Action<string>? progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var inputs = new ReplayInputs([.. request.TrainFiles, .. request.DetectFiles]);
        using var host = BuildHost(request, inputs);
        await host.StartAsync(cancellationToken);
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var poller = grains.GetGrain<ISourcePollerGrain>(ReplaySourceRegistry.SourceName);

            inputs.ReadableFiles = request.TrainFiles.Count;
            var (trainingLines, _) = await PollToEndAsync(poller, "training", progress, cancellationToken);
            var learned = await CountPatternsAsync(grains);
            var afterTraining = await poller.GetStatusAsync();

            await grains.GetGrain<IModeGrain>(GrainKeys.Cluster).SetAsync(AgentMode.Detect, "replay", "training files done");
            inputs.ReadableFiles = inputs.Files.Count;
            var (detectionLines, signals) = await PollToEndAsync(poller, "detection", progress, cancellationToken);
            await WaitForAnalysisAsync(grains, cancellationToken);

            var status = await poller.GetStatusAsync();
            var incidents = await CollectIncidentsAsync(grains);
            var aiOptions = host.Services.GetRequiredService<IOptions<AiAnalyzerOptions>>().Value;
            return BuildReport(request, trainingLines, detectionLines, learned, afterTraining, status, signals, incidents, aiOptions, stopwatch.Elapsed);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static IHost BuildHost(ReplayRequest request, ReplayInputs inputs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(request.Settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Agent:Detection:IncidentsFile"] = "",
            ["Agent:Detection:InitialMode"] = nameof(AgentMode.Training),
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // The watchdog's first measurement after start-up reports a bogus stall of hours.
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);

        // An offline replay sends no notification, so the generated acknowledgement key does not matter, and it
        // is not stopped with Ctrl+C like a service.
        builder.Logging.AddFilter(typeof(OrleansAgent.Grains.Notifications.Delivery.AckTokenSigner).FullName, LogLevel.Error);
        builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: "replay", clusterId: "replay");
            silo.AddMemoryGrainStorage(AgentNames.Storage);
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddMemoryStreams(AgentNames.StreamProvider);
            silo.UseInMemoryReminderService();
        });
        builder.Services.AddAgentGrainServices(builder.Configuration);
        builder.Services.Replace(ServiceDescriptor.Singleton<ISourceRegistry>(new ReplaySourceRegistry(inputs, request.HeaderFormat, request.MaxEventsPerPoll)));

        // A replay reports what would reach the model without spending the model budget.
        builder.Services.Replace(ServiceDescriptor.Singleton<IFindingAnalyzer>(provider => provider.GetRequiredService<DeterministicAnalyzer>()));
        return builder.Build();
    }

    private static async Task<(long Lines, long Signals)> PollToEndAsync(
        ISourcePollerGrain poller, string phase, Action<string>? progress, CancellationToken cancellationToken)
    {
        long lines = 0;
        long signals = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var report = await poller.PollNowAsync();
            if (report.Error is not null)
            {
                throw new InvalidOperationException($"Reading the {phase} files failed: {report.Error}");
            }

            lines += report.Events;
            signals += report.Signals;
            progress?.Invoke($"{phase}: {lines:N0} lines");
            if (!report.HasMore)
            {
                return (lines, signals);
            }
        }
    }

    private static async Task WaitForAnalysisAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var inbox = grains.GetGrain<ISignalInboxGrain>(ReplaySourceRegistry.SourceName);
        while (await inbox.GetPendingCountAsync() > 0)
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task<int> CountPatternsAsync(IGrainFactory grains)
    {
        var page = await grains.GetGrain<ICatalogGrain>(GrainKeys.Cluster)
            .QueryAsync(new PatternQuery(null, null, null, null, PatternSort.Count, true, 0, 1));
        return page.Total;
    }

    private static async Task<List<ReplayIncident>> CollectIncidentsAsync(IGrainFactory grains)
    {
        var page = await grains.GetGrain<IIncidentRegistryGrain>(GrainKeys.Cluster)
            .QueryAsync(new IncidentQuery(null, null, null, null, 0, 1000));
        var incidents = new List<ReplayIncident>();
        foreach (var summary in page.Items.OrderBy(item => item.OpenedAt))
        {
            var details = await grains.GetGrain<IIncidentGrain>(summary.Id).GetAsync();
            var signal = details!.Finding.Signal;
            incidents.Add(new ReplayIncident(
                summary.Id, summary.FirstEventTime ?? signal.FirstSeen, signal.LastSeen, summary.Severity.ToString().ToLowerInvariant(),
                summary.Verdict.ToString().ToLowerInvariant(), summary.PatternId, signal.Template, summary.Title,
                summary.LineCount, summary.Occurrences, signal.Samples));
        }

        return [.. incidents.OrderBy(incident => incident.FirstSeen)];
    }

    private static ReplayReport BuildReport(
        ReplayRequest request, long trainingLines, long detectionLines, int learned, SourceStatus afterTraining,
        SourceStatus status, long signals, List<ReplayIncident> incidents, AiAnalyzerOptions ai, TimeSpan elapsed)
    {
        var detectionVerdicts = status.VerdictLines.ToDictionary(
            entry => entry.Key.ToString().ToLowerInvariant(),
            entry => entry.Value - afterTraining.VerdictLines.GetValueOrDefault(entry.Key));
        var forAnalysis = detectionVerdicts.Where(entry => entry.Key is "unknown" or "spike" or "escalate").Sum(entry => entry.Value);
        var span = status.LastEventTime is { } last && afterTraining.LastEventTime is { } first && last > first ? last - first : TimeSpan.Zero;
        var callsNeeded = (signals + ai.MaxSignalsPerCall - 1) / Math.Max(1, ai.MaxSignalsPerCall);
        var callsAllowed = (long)Math.Max(1, Math.Ceiling(span.TotalHours)) * ai.MaxCallsPerHour;

        return new ReplayReport(
            trainingLines,
            detectionLines,
            learned,
            status.PatternCount,
            detectionVerdicts,
            detectionLines == 0 ? 0 : (double)forAnalysis / detectionLines,
            signals,
            callsNeeded,
            callsAllowed,
            status.Skipped,
            status.EventsWithoutTimestamp,
            elapsed,
            incidents);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
