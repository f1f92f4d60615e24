using System.Net;
using System.Net.Sockets;
using Garnet;

namespace OrleansAgent.Silo.Hosting;

/// <summary>
/// An in-process Garnet server (a Redis-protocol store) on loopback, so a single-node agent needs nothing
/// installed. Durable mode keeps an append-only file under the data folder and recovers it at start.
/// </summary>
public sealed class EmbeddedGarnet : IDisposable
{
    private readonly GarnetServer _server;

    private EmbeddedGarnet(GarnetServer server, int port)
    {
        _server = server;
        Port = port;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis connection string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts a server on <paramref name="port"/> (0 for a free port), durable under <paramref name="dataDirectory"/> when given.</summary>
    public static EmbeddedGarnet Start(int port, string? dataDirectory)
    {
        var chosenPort = port == 0 ? FreeLoopbackPort() : port;
        var arguments = new List<string>
        {
            "--bind", "127.0.0.1",
            "--port", chosenPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--memory", "256m",
            "--index", "32m",
            "--logger-level", "Warning",

            // Orleans' Redis storage writes through a Lua script.
            "--lua",
        };

        if (dataDirectory is not null)
        {
            var checkpoints = Path.GetFullPath(dataDirectory);
            Directory.CreateDirectory(checkpoints);

            // The managed RandomAccess device: Garnet's native device needs a newer glibc than Debian 12 has.
            arguments.AddRange(["--aof", "--recover", "--checkpointdir", checkpoints, "--device-type", "RandomAccess"]);
        }

        var server = new GarnetServer([.. arguments]);
        server.Start();
        return new EmbeddedGarnet(server, chosenPort);
    }

    public void Dispose() => _server.Dispose();

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
