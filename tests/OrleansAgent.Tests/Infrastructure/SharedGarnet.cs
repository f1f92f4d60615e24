using OrleansAgent.Silo.Hosting;

namespace OrleansAgent.Tests.Infrastructure;

/// <summary>
/// One embedded Garnet server for the whole test assembly, as the single-node agent runs it. Each test
/// cluster uses its own service id, so their keys never meet.
/// </summary>
public static class SharedGarnet
{
    private static readonly Lazy<EmbeddedGarnet> Server = new(() => EmbeddedGarnet.Start(port: 0, dataDirectory: null));

    public static string ConnectionString => Server.Value.ConnectionString;
}
