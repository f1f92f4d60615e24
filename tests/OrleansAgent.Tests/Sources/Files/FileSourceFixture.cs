using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansAgent.Grains.Sources;
using OrleansAgent.Grains.Sources.Files;

namespace OrleansAgent.Tests.Sources.Files;

/// <summary>A temporary directory, a clock and helpers to build file sources over it.</summary>
public sealed class FileSourceFixture : IDisposable
{
    public FileSourceFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("orleansagent-files-").FullName;
    }

    public string Directory { get; }

    internal ManualTimeProvider Clock { get; } = new();

    public string PathOf(string name) => Path.Combine(Directory, name);

    public FileLogSource CreateSource(string glob, Action<FileSourceOptions>? configure = null)
    {
        var options = new FileSourceOptions { Path = Path.Combine(Directory, glob) };
        configure?.Invoke(options);
        return new FileLogSource("files", options, Clock, NullLogger<FileLogSource>.Instance);
    }

    public void Append(string name, string text) => AppendBytes(name, Encoding.UTF8.GetBytes(text));

    public void AppendBytes(string name, byte[] bytes)
    {
        // Open, write and close like a logger that reopens per write. Sharing mirrors a real writer.
        using var stream = new FileStream(PathOf(name), FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.Write(bytes);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory does not affect other tests.
        }
    }
}

/// <summary>Helpers to read a source to its end.</summary>
internal static class SourceReading
{
    /// <summary>Reads until the source reports no more events, following the cursor chain.</summary>
    public static async Task<(List<SourceEvent> Events, string? Cursor, Dictionary<string, long> Skipped)> ReadAllAsync(
        ILogSource source, string? cursor, int maxEvents = 1000, int maxReads = 1000)
    {
        var events = new List<SourceEvent>();
        var skipped = new Dictionary<string, long>();
        for (var i = 0; i < maxReads; i++)
        {
            var batch = await source.ReadAsync(cursor, maxEvents, CancellationToken.None);
            events.AddRange(batch.Events);
            foreach (var (key, value) in batch.Skipped ?? new Dictionary<string, long>())
            {
                skipped[key] = skipped.GetValueOrDefault(key) + value;
            }

            cursor = batch.NextCursor;
            if (!batch.HasMore)
            {
                return (events, cursor, skipped);
            }
        }

        throw new InvalidOperationException($"The source still reported more events after {maxReads} reads.");
    }

    public static List<string> Texts(this IEnumerable<SourceEvent> events) => events.Select(e => e.Text).ToList();
}
