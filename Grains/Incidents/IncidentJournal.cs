using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OrleansAgent.Grains.Hosting;
using OrleansAgent.Grains.Interfaces.Incidents;

namespace OrleansAgent.Grains.Incidents;

/// <summary>
/// Writes every incident event to the log and appends it to the JSON-lines incidents file. One instance per
/// silo serialises the appends, so lines from concurrent incident grains never interleave.
/// </summary>
public sealed partial class IncidentJournal(IOptions<DetectionOptions> options, PipelineMetrics metrics, ILogger<IncidentJournal> logger) : IDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// Logs <paramref name="eventKind"/> of <paramref name="incident"/> and appends it to the file. Routine
    /// updates (one more occurrence of an open incident, every poll) are logged at debug level and counted,
    /// not appended. The file contains lifecycle events, and <c>GET /api/incidents/{id}</c> has the latest counts.
    /// </summary>
    public async Task WriteAsync(string eventKind, IncidentDetails incident, CancellationToken cancellationToken)
    {
        var summary = incident.Summary;
        metrics.IncidentEvent(eventKind, summary.Severity);
        if (eventKind == IncidentEvents.Updated)
        {
            LogIncidentUpdated(summary.Id, summary.Occurrences, summary.LineCount);
            return;
        }

        LogIncidentEvent(eventKind, summary.Id, summary.Severity, summary.Source, summary.PatternId, summary.Title, summary.LineCount);

        var path = options.Value.IncidentsFile;
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        var record = new { @event = eventKind, at = summary.UpdatedAt, incident = summary, finding = incident.Finding };
        var line = JsonSerializer.Serialize(record, JsonOptions) + "\n";

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            await File.AppendAllTextAsync(path, line, cancellationToken);
        }
        catch (IOException exception)
        {
            // The incident itself is persisted in grain state; a journal failure must not lose or block it.
            LogJournalWriteFailed(exception, path, summary.Id);
        }
        catch (UnauthorizedAccessException exception)
        {
            LogJournalWriteFailed(exception, path, summary.Id);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(EventId = 1301, EventName = "IncidentEvent", Level = LogLevel.Warning,
        Message = "Incident {Kind}: {IncidentId} [{Severity}] source {Source}, pattern {PatternId}: {Title} ({Lines} lines)")]
    private partial void LogIncidentEvent(string kind, string incidentId, Severity severity, string source, string patternId, string title, long lines);

    [LoggerMessage(EventId = 1303, EventName = "IncidentUpdated", Level = LogLevel.Debug,
        Message = "Incident {IncidentId} updated: {Occurrences} occurrences, {Lines} lines")]
    private partial void LogIncidentUpdated(string incidentId, long occurrences, long lines);

    [LoggerMessage(EventId = 1302, EventName = "IncidentJournalWriteFailed", Level = LogLevel.Error,
        Message = "Could not append incident {IncidentId} to {Path}; check that the folder exists and is writable")]
    private partial void LogJournalWriteFailed(Exception exception, string path, string incidentId);
}
