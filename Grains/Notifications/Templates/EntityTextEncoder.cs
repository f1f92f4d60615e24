using System.Text.Encodings.Web;

namespace OrleansAgent.Grains.Notifications.Templates;

/// <summary>
/// A text encoder that replaces only a few markup characters with entities and passes all other text through
/// unchanged (emoji and non-Latin text included), as Slack mrkdwn and Telegram HTML expect.
/// </summary>
internal sealed class EntityTextEncoder : TextEncoder
{
    /// <summary>Slack mrkdwn: only <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> are control characters.</summary>
    public static readonly EntityTextEncoder Slack = new(quote: false);

    /// <summary>Telegram HTML parse mode: the Slack set plus <c>"</c> so values are safe inside attributes.</summary>
    public static readonly EntityTextEncoder Html = new(quote: true);

    private readonly bool _quote;

    private EntityTextEncoder(bool quote)
    {
        _quote = quote;
    }

    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar is '&' or '<' or '>' || (_quote && unicodeScalar == '"');

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (var i = 0; i < textLength; i++)
        {
            if (WillEncode(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var replacement = unicodeScalar switch
        {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' when _quote => "&quot;",
            _ => null,
        };

        if (replacement is null)
        {
            // A scalar outside the BMP needs a surrogate pair and passes through unchanged.
            var text = char.ConvertFromUtf32(unicodeScalar);
            return TryCopy(text, buffer, bufferLength, out numberOfCharactersWritten);
        }

        return TryCopy(replacement, buffer, bufferLength, out numberOfCharactersWritten);
    }

    private static unsafe bool TryCopy(string text, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        if (text.Length > bufferLength)
        {
            numberOfCharactersWritten = 0;
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            buffer[i] = text[i];
        }

        numberOfCharactersWritten = text.Length;
        return true;
    }
}
