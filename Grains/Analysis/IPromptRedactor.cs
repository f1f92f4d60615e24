namespace OrleansAgent.Grains.Analysis;

/// <summary>
/// Removes secrets and personal data from text before it leaves the process. The model analyzer runs it over
/// the whole prompt as a second guard, although signals are redacted already.
/// </summary>
public interface IPromptRedactor
{
    /// <summary>Returns <paramref name="text"/> with every secret it recognizes replaced by a placeholder.</summary>
    string Redact(string text);
}
