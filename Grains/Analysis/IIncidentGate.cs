using OrleansAgent.Grains.Interfaces.Model;

namespace OrleansAgent.Grains.Analysis;

/// <summary>Decides whether a finding may open or update an incident in detect mode.</summary>
public interface IIncidentGate
{
    /// <summary>Returns true when <paramref name="finding"/> is trusted enough for an incident.</summary>
    bool Admits(Finding finding);
}

/// <summary>
/// Admits every deterministic finding (it restates a verdict or a rule, which needs no trust) and model
/// findings at or above the minimum confidence.
/// </summary>
public sealed class MinimumConfidenceGate(Func<double> minimumConfidence) : IIncidentGate
{
    public bool Admits(Finding finding) => finding.IsDeterministic || finding.Confidence >= minimumConfidence();
}
