using System.Runtime.CompilerServices;

namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>
/// Classes of ASCII chars used by the tokenizer and the masker, looked up in one table so that a token's
/// chars are classified in a single pass.
/// </summary>
internal static class TokenChars
{
    /// <summary>ASCII white space: tab, line feed, vertical tab, form feed, carriage return and space.</summary>
    public const int Space = 1;

    /// <summary>A char that can start or be part of a value: digits, <c>. / " &lt; ~</c>.</summary>
    public const int ValueHint = 2;

    /// <summary>A char that splits a token into pieces: <c>= : , ; ( ) [ ] { } " ' | &lt; &gt;</c>.</summary>
    public const int PieceDelimiter = 4;

    /// <summary>A char joining the parts of a number-like value: <c>. : - / _ +</c>.</summary>
    public const int Separator = 8;

    /// <summary>Brackets, quotes and punctuation that may surround a value.</summary>
    public const int EdgePunctuation = 16;

    /// <summary><c>e</c> or <c>E</c>, the last letter of both <c>true</c> and <c>false</c>.</summary>
    public const int LetterE = 32;

    /// <summary>A double quote.</summary>
    public const int Quote = 64;

    /// <summary>Any char but an ASCII digit; the tokenizer also sets it for chars outside ASCII.</summary>
    public const int NonDigit = 128;

    /// <summary>A colon, part of <c>://</c> in a URL.</summary>
    public const int Colon = 256;

    /// <summary>A digit, dot or slash: a piece without one is neither a value nor has digit runs.</summary>
    public const int PieceHint = 512;

    private static readonly ushort[] Table = Build();

    /// <summary>Returns the classes of a char; a char outside ASCII is only <see cref="NonDigit"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(char c) => c < 128 ? Table[c] : NonDigit;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Is(char c, int classes) => c < 128 && (Table[c] & classes) != 0;

    /// <summary>True when <paramref name="c"/> ends a token: the same chars as <see cref="char.IsWhiteSpace(char)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWhiteSpace(char c) => c < 128 ? (Table[c] & Space) != 0 : char.IsWhiteSpace(c);

    private static ushort[] Build()
    {
        var table = new ushort[128];
        for (var c = 0; c < table.Length; c++)
        {
            table[c] = char.IsAsciiDigit((char)c) ? (ushort)0 : (ushort)NonDigit;
        }

        Mark(table, "\t\n\v\f\r ", Space);
        Mark(table, "0123456789./\"<~", ValueHint);
        Mark(table, "=:,;()[]{}\"'|<>", PieceDelimiter);
        Mark(table, ".:-/_+", Separator);
        Mark(table, "()[]{}\"',;.<>!?", EdgePunctuation);
        Mark(table, "eE", LetterE);
        Mark(table, "\"", Quote);
        Mark(table, ":", Colon);
        Mark(table, "0123456789./", PieceHint);
        return table;
    }

    private static void Mark(ushort[] table, string chars, int classes)
    {
        foreach (var c in chars)
        {
            table[c] |= (ushort)classes;
        }
    }
}
