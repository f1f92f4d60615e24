using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrleansAgent.Tests.Analysis;

/// <summary>A chat completions request as the fake received it.</summary>
internal sealed record FakeChatRequest(string Body, string? Authorization, string Model, string SystemMessage, string UserMessage, JsonNode? ResponseFormat);

/// <summary>What the fake sends back: a status, a body, extra headers and an optional delay before the response.</summary>
internal sealed record FakeReply(int StatusCode, string Body, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default)
{
    /// <summary>A 200 chat completion with <paramref name="content"/> as the assistant message and the given usage.</summary>
    public static FakeReply Completion(string content, int promptTokens = 120, int completionTokens = 80)
    {
        var body = new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N"),
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = "fake-model",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content, ["refusal"] = null },
                ["logprobs"] = null,
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = promptTokens,
                ["completion_tokens"] = completionTokens,
                ["total_tokens"] = promptTokens + completionTokens,
            },
        };
        return new FakeReply(200, body.ToJsonString());
    }

    /// <summary>An OpenAI-style error body with the given status.</summary>
    public static FakeReply Error(int statusCode, string type, string message, IReadOnlyDictionary<string, string>? headers = null)
    {
        var body = new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = type },
        };
        return new FakeReply(statusCode, body.ToJsonString(), headers);
    }
}

/// <summary>
/// An OpenAI-compatible server on 127.0.0.1 that implements <c>POST /v1/chat/completions</c> and records every
/// request body. Tests choose the replies through <see cref="Responder"/>.
/// </summary>
internal sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeChatRequest> _requests = new();

    private FakeOpenAiServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The base URL to configure, ending in <c>/v1</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<FakeChatRequest> Requests => [.. _requests];

    public int RequestCount => _requests.Count;

    /// <summary>Chooses the reply to a request; the default replies like a model, with one valid finding per signal.</summary>
    public Func<FakeChatRequest, int, FakeReply> Responder { get; set; } = (request, _) => FakeReply.Completion(ModelLikeAnswer(request));

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeOpenAiServer? server = null;
        app.MapPost("/v1/chat/completions", (HttpContext context) => server!.HandleAsync(context));
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server = new FakeOpenAiServer(app, new Uri(address.TrimEnd('/') + "/v1"));
        return server;
    }

    /// <summary>Returns one finding per signal block in the user message, the way a cooperative model would.</summary>
    public static string ModelLikeAnswer(FakeChatRequest request) => Answer([.. SignalIndexes(request).Select(index => FindingJson(index))]);

    /// <summary>Returns the indexes of the signal blocks in the user message.</summary>
    public static IReadOnlyList<int> SignalIndexes(FakeChatRequest request) =>
        [.. Regex.Matches(request.UserMessage, @"^### Signal (\d+)$", RegexOptions.Multiline).Select(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))];

    /// <summary>Returns model output that contains <paramref name="findings"/>.</summary>
    public static string Answer(params JsonNode[] findings) => new JsonObject { ["findings"] = new JsonArray(findings) }.ToJsonString();

    /// <summary>Returns one valid finding object for the signal at <paramref name="index"/>.</summary>
    public static JsonObject FindingJson(int index, string severity = "high") => new()
    {
        ["index"] = index,
        ["title"] = $"Model title for signal {index}",
        ["summary"] = $"Model summary for signal {index}.",
        ["severity"] = severity,
        ["confidence"] = 0.85,
        ["category"] = "network",
        ["likelyCause"] = "The payment gateway does not answer in time.",
        ["suggestedActions"] = new JsonArray("Check the gateway status page.", "Check the outbound proxy."),
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = Parse(body, context.Request.Headers.Authorization.ToString());
        if (request is null)
        {
            // The real API answers a body without model or messages with 400.
            await WriteAsync(context, FakeReply.Error(400, "invalid_request_error", "'model' and 'messages' are required."));
            return;
        }

        _requests.Enqueue(request);
        var reply = Responder(request, _requests.Count);
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        await WriteAsync(context, reply);
    }

    private static FakeChatRequest? Parse(string body, string? authorization)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        var model = root?["model"]?.GetValue<string>();
        var messages = root?["messages"]?.AsArray();
        if (string.IsNullOrEmpty(model) || messages is null || messages.Count == 0)
        {
            return null;
        }

        string MessageOf(string role) =>
            messages.FirstOrDefault(message => message?["role"]?.GetValue<string>() == role)?["content"]?.ToString() ?? string.Empty;

        return new FakeChatRequest(body, authorization, model, MessageOf("system"), MessageOf("user"), root!["response_format"]);
    }

    private static async Task WriteAsync(HttpContext context, FakeReply reply)
    {
        context.Response.StatusCode = reply.StatusCode;
        context.Response.ContentType = "application/json";
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(reply.Body, context.RequestAborted);
    }
}
