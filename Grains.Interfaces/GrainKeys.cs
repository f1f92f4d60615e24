namespace OrleansAgent.Grains.Interfaces;

/// <summary>Well-known keys of grains that exist once per cluster.</summary>
public static class GrainKeys
{
    /// <summary>The key of every cluster-wide singleton grain (mode, catalog, shadow log, incident registry).</summary>
    public const string Cluster = "cluster";
}
