using System.Text.Json;

namespace OrleansAgent.Grains.Sources.Remote;

/// <summary>Reads the JSON cursors of the remote sources, which share version 1 and a seen list.</summary>
internal static class CursorJson
{
    /// <summary>Parses <paramref name="text"/> as the cursor of <paramref name="sourceKind"/>.</summary>
    /// <exception cref="FormatException">The text is not valid JSON, or has another version or no seen list.</exception>
    public static TCursor Parse<TCursor>(string text, string sourceKind, Func<TCursor, bool> isValid)
        where TCursor : class
    {
        try
        {
            var cursor = JsonSerializer.Deserialize<TCursor>(text);
            return cursor is not null && isValid(cursor)
                ? cursor
                : throw new FormatException($"The {sourceKind} cursor has an unsupported version or no seen list.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The {sourceKind} cursor is not valid JSON: {ex.Message}", ex);
        }
    }
}
