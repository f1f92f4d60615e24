using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrleansAgent.Tests.Notifications.Fakes;

/// <summary>One request the fake server received.</summary>
public sealed record RecordedRequest(
    string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>Parses the body as JSON, failing the test when it is not.</summary>
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("The request body is JSON null.");

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>The response the fake server sends.</summary>
public sealed record FakeResponse(int StatusCode, string Body = "", string ContentType = "application/json")
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static FakeResponse Json(int statusCode, JsonNode body) => new(statusCode, body.ToJsonString());
}

/// <summary>
/// A Kestrel server on 127.0.0.1 and a port the OS picks, recording every request and responding through a
/// handler that receives the request and its zero-based index.
/// </summary>
public sealed class FakeHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Func<RecordedRequest, int, CancellationToken, Task<FakeResponse>> _respond;
    private int _count;

    private FakeHttpServer(WebApplication app, Func<RecordedRequest, int, CancellationToken, Task<FakeResponse>> respond)
    {
        _app = app;
        _respond = respond;
    }

    /// <summary>The server's base URL, without a trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Starts a server that responds to every request through <paramref name="respond"/>.</summary>
    public static Task<FakeHttpServer> StartAsync(Func<RecordedRequest, int, FakeResponse> respond) =>
        StartAsync((request, index, _) => Task.FromResult(respond(request, index)));

    /// <summary>
    /// Starts a server with an asynchronous handler, which also receives a token that is cancelled when the
    /// client aborts the request (for example on a client timeout).
    /// </summary>
    public static async Task<FakeHttpServer> StartAsync(Func<RecordedRequest, int, CancellationToken, Task<FakeResponse>> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeHttpServer(app, respond);
        app.Run(server.HandleAsync);
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        server.BaseUrl = addresses.Addresses.Single().TrimEnd('/');
        return server;
    }

    /// <summary>Starts a server that sends the same response to every request.</summary>
    public static Task<FakeHttpServer> StartAsync(FakeResponse response) => StartAsync((_, _) => response);

    /// <summary>
    /// Starts a server that responds to the first <paramref name="failures"/> requests with
    /// <paramref name="failure"/> and every later one with <paramref name="success"/>.
    /// </summary>
    public static Task<FakeHttpServer> FailingThenSucceedingAsync(int failures, FakeResponse failure, FakeResponse success) =>
        StartAsync((_, index) => index < failures ? failure : success);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new RecordedRequest(
            context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", headers, body);
        _requests.Enqueue(request);

        var response = await _respond(request, Interlocked.Increment(ref _count) - 1, context.RequestAborted);
        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (response.Body.Length > 0)
        {
            context.Response.ContentType = response.ContentType;
            await context.Response.WriteAsync(response.Body);
        }
    }
}
