using System.Text;

namespace OrleansAgent.Grains.Sources.Files;

/// <summary>Turns the raw bytes of one line into text: strips the line ending, removes NUL bytes and replaces
/// invalid UTF-8, reporting each repair so it can be counted.</summary>
internal static class FileLineDecoder
{
    /// <summary>Appended to a line or event that was cut at the byte limit.</summary>
    public const string TruncationMarker = " …[truncated]";

    private static readonly UTF8Encoding s_strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly UTF8Encoding s_lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Decodes <paramref name="bytes"/> (without the <c>\n</c>).</summary>
    public static DecodedLine Decode(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.IsEmpty && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        var nulCount = bytes.Count((byte)0);
        byte[]? cleaned = null;
        if (nulCount > 0)
        {
            cleaned = new byte[bytes.Length - nulCount];
            var index = 0;
            foreach (var b in bytes)
            {
                if (b != 0)
                {
                    cleaned[index++] = b;
                }
            }

            bytes = cleaned;
        }

        string text;
        var replaced = false;
        try
        {
            text = s_strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            text = s_lenient.GetString(bytes);
            replaced = true;
        }

        return new DecodedLine(text, nulCount, replaced);
    }
}

/// <summary>The text of one line and the repairs made to it.</summary>
internal readonly record struct DecodedLine(string Text, int NulBytesRemoved, bool InvalidUtf8Replaced);
