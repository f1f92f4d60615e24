namespace OrleansAgent.AdminApi.Catalog;

/// <summary>Catalog files written on a schedule. Bound from <c>Agent:Catalog</c>.</summary>
public sealed class CatalogSnapshotOptions
{
    public const string SectionName = "Agent:Catalog";

    /// <summary>Time between scheduled snapshots; zero turns the schedule off. Default: zero (off).</summary>
    public TimeSpan SnapshotInterval { get; set; }

    /// <summary>The folder of <c>catalog.json</c> and its backups. Default: <c>data/catalog</c>.</summary>
    public string SnapshotDirectory { get; set; } = Path.Combine("data", "catalog");

    /// <summary>Previous snapshots kept as <c>catalog.json.1</c> (newest) to <c>catalog.json.N</c>. Default: 5. Allowed: 0 to 100.</summary>
    public int SnapshotBackups { get; set; } = 5;

    public List<string> Validate()
    {
        var errors = new List<string>();
        if (SnapshotInterval < TimeSpan.Zero || (SnapshotInterval > TimeSpan.Zero && SnapshotInterval < TimeSpan.FromSeconds(10)))
        {
            errors.Add($"{SectionName}:SnapshotInterval is {SnapshotInterval}; use 00:00:00 (off) or at least 00:00:10.");
        }

        if (string.IsNullOrWhiteSpace(SnapshotDirectory))
        {
            errors.Add($"{SectionName}:SnapshotDirectory is empty; give a folder such as data/catalog.");
        }

        if (SnapshotBackups is < 0 or > 100)
        {
            errors.Add($"{SectionName}:SnapshotBackups is {SnapshotBackups}; use 0 to 100.");
        }

        return errors;
    }
}
