namespace OrleansAgent.Grains.Sources.Files;

/// <summary>Settings of a source that tails local files.</summary>
public sealed class FileSourceOptions
{
    /// <summary>The files to read, as an absolute glob: <c>*</c> and <c>?</c> match within one path segment,
    /// and a <c>**</c> segment matches any number of directories. Required.</summary>
    public string Path { get; set; } = "";

    /// <summary>Where to start in a file that matches while the source has no cursor yet: <c>Beginning</c> or
    /// <c>End</c>. Files that appear later always start at their beginning. Default <c>Beginning</c>.</summary>
    public FileStartPosition StartAt { get; set; } = FileStartPosition.Beginning;

    /// <summary>A regular expression that matches the first line of each event. Lines that do not match are
    /// appended to the previous event (stack traces). <c>null</c> makes every line an event. Evaluated with
    /// the non-backtracking engine, so backreferences and lookarounds are not supported. Default <c>null</c>.</summary>
    public string? MultilineStartPattern { get; set; }

    /// <summary>The maximum number of bytes kept from one line, and from one multi-line event. Longer input
    /// is cut, marked with <see cref="FileLineDecoder.TruncationMarker"/> and counted. The rest of the line
    /// is skipped without being held in memory. Default 262144 (256 KiB).</summary>
    public int MaxLineBytes { get; set; } = 256 * 1024;

    /// <summary>The maximum number of lines joined into one multi-line event. The next line then starts a new
    /// event, which is counted. Default 1000.</summary>
    public int MaxMultilineLines { get; set; } = 1000;

    /// <summary>How long a file must stay unchanged before a last line without its newline, or a pending
    /// multi-line event, is emitted anyway. Default 5 seconds.</summary>
    public TimeSpan PartialLineTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a rotated file that no longer matches <see cref="Path"/> is still watched for late
    /// writes after it was read to its end and stopped changing. Default 1 minute.</summary>
    public TimeSpan RotateWait { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The number of leading bytes hashed to recognise a file after a rename and to detect a file
    /// that was truncated or replaced. Default 1024.</summary>
    public int FingerprintBytes { get; set; } = 1024;
}

/// <summary>Where a file without a cursor starts.</summary>
public enum FileStartPosition
{
    /// <summary>Read the whole file.</summary>
    Beginning,

    /// <summary>Read only what is written after the first poll.</summary>
    End,
}
