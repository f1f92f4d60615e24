using System.Text;
using OrleansAgent.Grains.Sources.Files;

namespace OrleansAgent.Grains.Sources.Remote;

/// <summary>Size limits shared by the sources that read over HTTP.</summary>
internal static class RemoteLimits
{
    /// <summary>The largest response body read. A larger one fails the poll with a request to lower the page size.</summary>
    public const long MaxResponseBytes = 128L * 1024 * 1024;

    /// <summary>The largest message kept whole. Longer messages are cut, marked and counted.</summary>
    public const int MaxMessageBytes = 256 * 1024;

    /// <summary>Returns <paramref name="text"/>, cut to <see cref="MaxMessageBytes"/> UTF-8 bytes with the
    /// truncation marker when it is longer. A cut is counted as <see cref="SkipReasons.LineTruncated"/>.</summary>
    public static string CapMessage(string text, SkipCounter skipped)
    {
        // Each char is at most 3 UTF-8 bytes, so short texts skip the byte count.
        if (text.Length * 3 <= MaxMessageBytes || Encoding.UTF8.GetByteCount(text) <= MaxMessageBytes)
        {
            return text;
        }

        skipped.Add(SkipReasons.LineTruncated);

        // Convert stops when the buffer is full and never splits a surrogate pair.
        var buffer = new byte[MaxMessageBytes];
        Encoding.UTF8.GetEncoder().Convert(text, buffer, flush: true, out var chars, out _, out _);
        return string.Concat(text.AsSpan(0, chars), FileLineDecoder.TruncationMarker);
    }
}
