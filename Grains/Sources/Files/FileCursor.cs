using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansAgent.Grains.Sources.Files;

/// <summary>The position of a file source: one entry per file it has seen, in the order they are read.</summary>
internal sealed class FileCursor
{
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions s_json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    [JsonPropertyName("v")]
    public int Version { get; set; } = CurrentVersion;

    [JsonPropertyName("files")]
    public List<FileCursorEntry> Files { get; set; } = [];

    public string Serialize() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Parses a cursor written by <see cref="Serialize"/>.</summary>
    /// <exception cref="FormatException">The text is not a file source cursor of a supported version.</exception>
    public static FileCursor Parse(string text)
    {
        FileCursor? cursor;
        try
        {
            cursor = JsonSerializer.Deserialize<FileCursor>(text, s_json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The file source cursor is not valid JSON: {ex.Message}", ex);
        }

        if (cursor is null || cursor.Version != CurrentVersion || cursor.Files is null)
        {
            throw new FormatException($"The file source cursor has version {cursor?.Version}; version {CurrentVersion} was expected.");
        }

        foreach (var entry in cursor.Files)
        {
            if (string.IsNullOrEmpty(entry.Path) || entry.Offset < 0 || entry.FingerprintLength < 0 || entry.Fingerprint is null)
            {
                throw new FormatException($"The file source cursor has an invalid entry for '{entry.Path}'.");
            }
        }

        return cursor;
    }
}

/// <summary>What the source remembers about one file.</summary>
internal sealed class FileCursorEntry
{
    /// <summary>The path where the file was last found.</summary>
    [JsonPropertyName("path")]
    public string Path { get; set; } = "";

    [JsonPropertyName("dev")]
    public ulong Device { get; set; }

    [JsonPropertyName("ino")]
    public ulong Inode { get; set; }

    /// <summary>Incremented each time the same identity turns out to hold new content (truncation or inode
    /// reuse), so event ids of the new content never repeat those of the old.</summary>
    [JsonPropertyName("gen")]
    public int Generation { get; set; }

    /// <summary>The SHA-256 of the first <see cref="FingerprintLength"/> bytes, in hexadecimal.</summary>
    [JsonPropertyName("fp")]
    public string Fingerprint { get; set; } = "";

    [JsonPropertyName("fpLen")]
    public int FingerprintLength { get; set; }

    /// <summary>The byte offset just after the last event delivered.</summary>
    [JsonPropertyName("off")]
    public long Offset { get; set; }

    /// <summary>The file size at the last poll, to tell an idle file from a growing one.</summary>
    [JsonPropertyName("size")]
    public long Size { get; set; }

    /// <summary>When <see cref="Size"/> was first observed, in Unix milliseconds.</summary>
    [JsonPropertyName("seen")]
    public long SizeSeenAtMs { get; set; }

    [JsonIgnore]
    public FileIdentity Identity
    {
        get => new(Device, Inode);
        set => (Device, Inode) = (value.Device, value.Inode);
    }
}
