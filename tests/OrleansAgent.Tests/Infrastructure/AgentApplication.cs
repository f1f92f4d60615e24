using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OrleansAgent.AdminApi.Security;
using OrleansAgent.Silo.Hosting;

namespace OrleansAgent.Tests.Infrastructure;

/// <summary>
/// The whole agent host as production builds it (silo, admin API, dashboard, metrics) on a free loopback port,
/// with storage on the shared test Garnet under a service id of its own.
/// </summary>
public sealed class AgentApplication : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AgentApplication(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The base address of the API, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Builds and starts the host with <paramref name="settings"/> on top of the test storage and ports.</summary>
    public static async Task<AgentApplication> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var serviceId = "api-" + Guid.NewGuid().ToString("N")[..12];
        var overrides = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Agent:Storage:RedisConnectionString"] = SharedGarnet.ConnectionString,
            ["Agent:Cluster:ServiceId"] = serviceId,
            ["Agent:Cluster:ClusterId"] = serviceId,
            ["Agent:Cluster:SiloPort"] = FreePort(),
            ["Agent:Cluster:GatewayPort"] = FreePort(),
        };
        overrides.TryAdd("Agent:Detection:IncidentsFile", "");

        var (app, _) = AgentHost.Build(["--urls", "http://127.0.0.1:0"], overrides);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AgentApplication(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>A client of the API that sends <paramref name="apiKey"/>, when given, in the X-Api-Key header.</summary>
    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, apiKey);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
