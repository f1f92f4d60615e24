using OrleansAgent.Silo.Sample;

namespace OrleansAgent.Tests.EndToEnd;

/// <summary>Writes phases of the generated multi-service log to a file, one continuous stream.</summary>
public sealed class SampleLog(string path, int seed = 3, double linesPerSecond = 4)
{
    private readonly SampleLogGenerator _generator = new(seed, linesPerSecond);

    public static readonly DateTimeOffset Day = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    public string Path { get; } = path;

    public long LinesWritten { get; private set; }

    /// <summary>Appends the lines from <paramref name="from"/> to <paramref name="to"/> and returns them.</summary>
    public IReadOnlyList<GeneratedLine> Append(DateTimeOffset from, DateTimeOffset to, params SampleFault[] faults)
    {
        var lines = _generator.Generate(from, to, faults).ToList();
        File.AppendAllLines(Path, lines.Select(line => line.Text));
        LinesWritten += lines.Count;
        return lines;
    }
}
