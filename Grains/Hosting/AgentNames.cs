namespace OrleansAgent.Grains.Hosting;

/// <summary>Names of the Orleans providers that the grains use; the silo registers providers under them.</summary>
public static class AgentNames
{
    /// <summary>The grain storage provider for all agent state (Redis in every deployment).</summary>
    public const string Storage = "agent";

    /// <summary>The stream provider that carries signals to the analysis side.</summary>
    public const string StreamProvider = "agent-streams";

    /// <summary>The stream namespace of signal batches; the stream key is the poller key.</summary>
    public const string SignalStreamNamespace = "signals";
}
