using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansAgent.AdminApi.Catalog;

/// <summary>Writes <c>catalog.json</c> in the snapshot folder atomically, with rotating backups.</summary>
public sealed class CatalogSnapshotWriter(CatalogExporter exporter, IOptions<CatalogSnapshotOptions> options, IOptions<JsonOptions> json)
{
    public const string FileName = "catalog.json";

    /// <summary>Writes a snapshot and returns its full path and pattern count.</summary>
    public async Task<(string Path, int Patterns)> WriteAsync(CancellationToken cancellationToken)
    {
        var document = await exporter.ExportAsync();
        var path = Path.GetFullPath(Path.Combine(options.Value.SnapshotDirectory, FileName));
        await AtomicFile.WriteAsync(
            path,
            (stream, ct) => JsonSerializer.SerializeAsync(stream, document, json.Value.SerializerOptions, ct),
            options.Value.SnapshotBackups,
            cancellationToken);
        return (path, document.Patterns?.Count ?? 0);
    }
}

/// <summary>Writes catalog snapshots every <see cref="CatalogSnapshotOptions.SnapshotInterval"/>.</summary>
/// <remarks>NOTE: every silo with a schedule writes its own snapshot to its own disk; give one silo the schedule.</remarks>
public sealed partial class CatalogSnapshotService(
    CatalogSnapshotWriter writer, IOptions<CatalogSnapshotOptions> options, ILogger<CatalogSnapshotService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.SnapshotInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.SnapshotInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var (path, patterns) = await writer.WriteAsync(stoppingToken);
                LogSnapshotWritten(path, patterns);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or OrleansException or TimeoutException)
            {
                LogSnapshotFailed(exception, options.Value.SnapshotDirectory);
            }
        }
    }

    [LoggerMessage(EventId = 1811, EventName = "CatalogSnapshotWritten", Level = LogLevel.Information,
        Message = "Catalog snapshot written to {Path} with {Patterns} patterns")]
    private partial void LogSnapshotWritten(string path, int patterns);

    [LoggerMessage(EventId = 1812, EventName = "CatalogSnapshotFailed", Level = LogLevel.Error,
        Message = "Writing the catalog snapshot in {Directory} failed; the previous snapshot stays")]
    private partial void LogSnapshotFailed(Exception exception, string directory);
}
