using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrleansAgent.Grains.Hosting;

/// <summary>Instruments of the funnel on the <see cref="MeterName"/> meter, fed by the source pollers of this silo.</summary>
public sealed class PipelineMetrics
{
    public const string MeterName = "OrleansAgent.Pipeline";

    private readonly Counter<long> _linesRead;
    private readonly Counter<long> _linesIgnored;
    private readonly Counter<long> _verdictLines;
    private readonly Counter<long> _signals;
    private readonly Counter<long> _incidentEvents;
    private readonly ConcurrentDictionary<string, double> _lagSeconds = new(StringComparer.Ordinal);
    private long _quietLines;
    private long _judgedLines;

    public PipelineMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _linesRead = meter.CreateCounter<long>("orleansagent.pipeline.lines_read", "{line}", "Lines read from sources, by source.");
        _linesIgnored = meter.CreateCounter<long>("orleansagent.pipeline.lines_ignored", "{line}", "Lines dropped by ignore rules, by source.");
        _verdictLines = meter.CreateCounter<long>("orleansagent.pipeline.verdict_lines", "{line}", "Mined lines by the verdict of their pattern.");
        _signals = meter.CreateCounter<long>("orleansagent.pipeline.signals", "{signal}", "Signals handed to the shadow log or the analysis side, by mode.");
        _incidentEvents = meter.CreateCounter<long>("orleansagent.pipeline.incident_events", "{event}",
            "Incident events (opened, reopened, updated, acknowledged, resolved, escalated), by kind and severity.");
        meter.CreateObservableGauge("orleansagent.pipeline.suppression_ratio", ObserveSuppressionRatio, "1",
            "Share of mined lines whose verdict was known or suppressed, since start of this silo.");
        meter.CreateObservableGauge("orleansagent.pipeline.poll_lag", ObserveLag, "s",
            "Seconds between now and the newest event read, by source, at the last poll.");
    }

    public void LinesRead(string source, long lines, long ignored)
    {
        _linesRead.Add(lines, new KeyValuePair<string, object?>("source", source));
        if (ignored > 0)
        {
            _linesIgnored.Add(ignored, new KeyValuePair<string, object?>("source", source));
        }
    }

    public void IncidentEvent(string kind, Severity severity) =>
        _incidentEvents.Add(
            1,
            new KeyValuePair<string, object?>("kind", kind),
            new KeyValuePair<string, object?>("severity", severity.ToString().ToLowerInvariant()));

    public void Judged(Verdict verdict, long lines)
    {
        _verdictLines.Add(lines, new KeyValuePair<string, object?>("verdict", verdict.ToString().ToLowerInvariant()));
        Interlocked.Add(ref _judgedLines, lines);
        if (verdict is Verdict.Known or Verdict.Suppressed)
        {
            Interlocked.Add(ref _quietLines, lines);
        }
    }

    public void Signals(string mode, int count)
    {
        if (count > 0)
        {
            _signals.Add(count, new KeyValuePair<string, object?>("mode", mode));
        }
    }

    public void Lag(string source, TimeSpan? lag)
    {
        if (lag is { } value)
        {
            _lagSeconds[source] = Math.Max(0, value.TotalSeconds);
        }
    }

    private Measurement<double>[] ObserveSuppressionRatio()
    {
        var judged = Interlocked.Read(ref _judgedLines);
        return judged == 0 ? [] : [new Measurement<double>((double)Interlocked.Read(ref _quietLines) / judged)];
    }

    private IEnumerable<Measurement<double>> ObserveLag() =>
        _lagSeconds.Select(pair => new Measurement<double>(pair.Value, new KeyValuePair<string, object?>("source", pair.Key)));
}
