using System.Text;

namespace OrleansAgent.Grains.Engine.Redaction;

/// <summary>
/// Builds a copy of a string with ranges replaced, left to right, allocating only on the first replacement.
/// </summary>
internal struct TextRewriter(string source, RedactionTally? tally)
{
    private StringBuilder? _builder;
    private int _copied;

    /// <summary>Replaces <c>[start, end)</c>; ranges must not overlap and must come in ascending order.</summary>
    public void Replace(int start, int end, string placeholder)
    {
        _builder ??= new StringBuilder(source.Length);
        _builder.Append(source, _copied, start - _copied).Append(placeholder);
        _copied = end;
        tally?.Add(placeholder);
    }

    /// <summary>Returns the rewritten text, or the source instance itself when nothing was replaced.</summary>
    public readonly string Finish() =>
        _builder is null ? source : _builder.Append(source, _copied, source.Length - _copied).ToString();
}
