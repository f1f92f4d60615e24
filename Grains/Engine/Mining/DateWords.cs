namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>Words that belong to a neighbouring number: size units after it (5.2 KB), month and day names
/// next to it (Fri Jun 17).</summary>
internal static class DateWords
{
    private static readonly HashSet<string> Units = new(StringComparer.Ordinal)
    {
        "B", "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "kB",
    };

    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
        "January", "February", "March", "April", "June", "July", "August", "September", "October", "November", "December",
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    };

    // The first three letters, lower case and packed into an int, of every name above: a word whose first
    // three letters are not among them needs no lookup in the case-insensitive set.
    private static readonly HashSet<int> NamePrefixes = Names.Select(name => PackPrefix(name)).ToHashSet();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> UnitLookup = Units.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NameLookup = Names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True for a size unit or date name after a value, or a date name before one.</summary>
    public static bool IsUnitOrDateWord(ReadOnlySpan<char> core, bool afterValue)
    {
        if (core.Length is 0 or > 9 || !char.IsAsciiLetter(core[0]))
        {
            return false;
        }

        if (afterValue && core.Length <= 3 && UnitLookup.Contains(core))
        {
            return true;
        }

        return core.Length >= 3 && NamePrefixes.Contains(PackPrefix(core)) && NameLookup.Contains(core);
    }

    // Returns the first three chars in lower case packed into an int, or -1 when one is not an ASCII letter.
    private static int PackPrefix(ReadOnlySpan<char> word)
    {
        if (!char.IsAsciiLetter(word[0]) || !char.IsAsciiLetter(word[1]) || !char.IsAsciiLetter(word[2]))
        {
            return -1;
        }

        return ((word[0] | 0x20) << 16) | ((word[1] | 0x20) << 8) | (word[2] | 0x20);
    }
}
