namespace OrleansAgent.Grains.Sources;

/// <summary>The accepted values of <see cref="SourceOptions.Type"/>.</summary>
public static class SourceTypes
{
    public const string File = "file";
    public const string Elasticsearch = "elasticsearch";
    public const string OpenSearch = "opensearch";
    public const string Loki = "loki";
    public const string CloudWatch = "cloudwatch";

    /// <summary>Every accepted type, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [File, Elasticsearch, OpenSearch, Loki, CloudWatch];

    /// <summary>Returns whether <paramref name="type"/> names a known source type (case-insensitive).</summary>
    public static bool IsKnown(string? type) => All.Contains(type ?? "", StringComparer.OrdinalIgnoreCase);
}
