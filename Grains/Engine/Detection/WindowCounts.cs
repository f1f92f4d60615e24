using System.Collections;

namespace OrleansAgent.Grains.Engine.Detection;

/// <summary>Line counts per baseline window, keyed by window start in UTC ticks and kept in ascending order.</summary>
public sealed class WindowCounts : IEnumerable<KeyValuePair<long, long>>
{
    private readonly List<long> _starts = [];
    private readonly List<long> _counts = [];
    private int _last = -1;

    /// <summary>Number of windows with at least one line.</summary>
    public int Count => _starts.Count;

    /// <summary>Adds <paramref name="count"/> lines to the window that starts at <paramref name="start"/>.</summary>
    public void Add(long start, long count)
    {
        // The lines of a batch mostly arrive in time order, so the window used last is checked first.
        if (_last >= 0 && _starts[_last] == start)
        {
            _counts[_last] += count;
            return;
        }

        var index = _starts.BinarySearch(start);
        if (index < 0)
        {
            index = ~index;
            _starts.Insert(index, start);
            _counts.Insert(index, 0);
        }

        _counts[index] += count;
        _last = index;
    }

    /// <summary>Returns the windows in ascending order of start.</summary>
    public IEnumerator<KeyValuePair<long, long>> GetEnumerator()
    {
        for (var i = 0; i < _starts.Count; i++)
        {
            yield return new KeyValuePair<long, long>(_starts[i], _counts[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
