namespace OrleansAgent.Grains.Engine.Redaction;

/// <summary>An operator-defined redaction pattern.</summary>
/// <param name="Name">Name shown in validation errors.</param>
/// <param name="Pattern">.NET regular expression. When it has a group named <c>value</c>, only that group is replaced.</param>
/// <param name="Placeholder">Text that replaces each match, such as <c>&lt;CUSTOMER_ID&gt;</c>.</param>
public sealed record RedactionPattern(string Name, string Pattern, string Placeholder);

/// <summary>How many values of one kind were replaced.</summary>
public readonly record struct RedactionCount(string Placeholder, int Count);

/// <summary>Redacted text with the number of replacements per placeholder; never contains the replaced values.</summary>
public sealed record RedactionResult(string Text, IReadOnlyList<RedactionCount> Counts)
{
    /// <summary>True when at least one value was replaced.</summary>
    public bool Redacted => Counts.Count > 0;
}

/// <summary>Placeholders written by the built-in detectors.</summary>
public static class RedactionPlaceholders
{
    public const string Email = "<EMAIL>";
    public const string Jwt = "<JWT>";
    public const string Secret = "<SECRET>";
    public const string AwsAccessKeyId = "<AWS_ACCESS_KEY_ID>";
    public const string AwsSecretKey = "<AWS_SECRET_KEY>";
    public const string PrivateKey = "<PRIVATE_KEY>";
    public const string Card = "<CARD>";

    /// <summary>Replaces the whole text when a custom pattern timed out.</summary>
    public const string Timeout = "<REDACTION_TIMEOUT>";
}

/// <summary>Counts replacements per placeholder, in order of first occurrence.</summary>
internal sealed class RedactionTally
{
    private readonly List<RedactionCount> _counts = [];

    public IReadOnlyList<RedactionCount> Counts => _counts;

    public void Add(string placeholder)
    {
        for (var i = 0; i < _counts.Count; i++)
        {
            if (ReferenceEquals(_counts[i].Placeholder, placeholder) || _counts[i].Placeholder == placeholder)
            {
                _counts[i] = _counts[i] with { Count = _counts[i].Count + 1 };
                return;
            }
        }

        _counts.Add(new RedactionCount(placeholder, 1));
    }

    public void Clear() => _counts.Clear();
}
