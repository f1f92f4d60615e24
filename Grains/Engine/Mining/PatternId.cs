using System.Text;

namespace OrleansAgent.Grains.Engine.Mining;

/// <summary>Derives pattern ids: 16 lowercase hex chars of the 64-bit FNV-1a hash of the UTF-8 bytes of
/// the namespace, a line feed and the first template.</summary>
/// <remarks>FNV-1a is used because System.IO.Hashing is a separate package and not part of the shared
/// framework; the id only needs to be stable and well spread, not collision-proof against an attacker.</remarks>
internal static class PatternId
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static string Create(string idNamespace, string template, int attempt)
    {
        var text = attempt == 0 ? $"{idNamespace}\n{template}" : $"{idNamespace}\n{template}\n{attempt}";
        var hash = OffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= Prime;
        }

        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
