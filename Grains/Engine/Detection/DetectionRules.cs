using OrleansAgent.Grains.Engine.Redaction;
using OrleansAgent.Grains.Engine.Rules;

namespace OrleansAgent.Grains.Engine.Detection;

/// <summary>
/// The redactor and rule engine in force. Pollers read <see cref="Current"/> at the start of every poll, so
/// a replacement applies from the next poll on, without a restart.
/// </summary>
public sealed class DetectionRules(Redactor redactor, RuleEngine rules)
{
    private volatile Snapshot _current = new(redactor, rules);

    /// <summary>The redactor and rules in force now.</summary>
    public Snapshot Current => _current;

    /// <summary>Replaces the redactor and rules; both are validated before they get here.</summary>
    public void Replace(Redactor newRedactor, RuleEngine newRules) => _current = new Snapshot(newRedactor, newRules);

    /// <summary>A consistent pair of redactor and rule engine.</summary>
    public sealed record Snapshot(Redactor Redactor, RuleEngine Rules);
}
