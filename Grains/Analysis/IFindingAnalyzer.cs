using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Grains.Analysis;

/// <summary>Turns signals into findings. Implementations return exactly one finding per signal, in order.</summary>
public interface IFindingAnalyzer
{
    /// <summary>Analyzes <paramref name="signals"/> and returns one finding for each.</summary>
    Task<IReadOnlyList<Finding>> AnalyzeAsync(IReadOnlyList<Signal> signals, CancellationToken cancellationToken);
}
