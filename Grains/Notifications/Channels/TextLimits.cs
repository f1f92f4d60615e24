namespace OrleansAgent.Grains.Notifications.Channels;

/// <summary>Cuts text to the length limits that chat services enforce.</summary>
internal static class TextLimits
{
    /// <summary>Returns <paramref name="text"/> cut to at most <paramref name="maxChars"/> characters, ending in "…" when cut.</summary>
    public static string Truncate(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var cut = maxChars - 1;

        // Never split a surrogate pair, which would leave invalid UTF-16 in the JSON body.
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut] + "…";
    }
}
