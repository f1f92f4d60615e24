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

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> UnitLookup = Units.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NameLookup = Names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True for a size unit or date name after a value, or a date name before one.</summary>
    public static bool IsUnitOrDateWord(ReadOnlySpan<char> core, bool afterValue) =>
        core.Length is > 0 and <= 9 && char.IsAsciiLetter(core[0])
        && (NameLookup.Contains(core) || (afterValue && UnitLookup.Contains(core)));
}
