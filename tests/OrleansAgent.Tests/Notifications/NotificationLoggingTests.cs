using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansAgent.Grains.Notifications;
using OrleansAgent.Grains.Notifications.Delivery;
using OrleansAgent.Tests.Notifications.Fakes;

namespace OrleansAgent.Tests.Notifications;

public sealed class NotificationLoggingTests
{
    private const string BotToken = "123456:AAE-LOGCANARYtelegramTOKEN";

    [Fact]
    public async Task TraceLogsNeverContainToken()
    {
        await using var server = await FakeHttpServer.FailingThenSucceedingAsync(
            1, new FakeResponse(500, $"{{\"ok\":false,\"description\":\"bot{BotToken} overloaded\"}}"), new FakeResponse(200, "{\"ok\":true,\"result\":{}}"));
        var logs = new CapturingLoggerProvider();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [NotificationTestHost.Prefix + "Channels:tg:Kind"] = "telegram",
            [NotificationTestHost.Prefix + "Channels:tg:BotToken"] = BotToken,
            [NotificationTestHost.Prefix + "Channels:tg:ChatId"] = "42",
            [NotificationTestHost.Prefix + "Channels:tg:ApiBaseUrl"] = server.BaseUrl,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddAgentNotifications(configuration);
        await using var provider = services.BuildServiceProvider();
        var dispatcher = provider.GetRequiredService<NotificationDispatcher>();

        var failed = await dispatcher.SendAsync("tg", NotificationTestHost.Sample(), CancellationToken.None);
        var delivered = await dispatcher.SendAsync("tg", NotificationTestHost.Sample(), CancellationToken.None);

        Assert.True(failed.IsTransient);
        Assert.True(delivered.Success, delivered.Error);
        Assert.NotEmpty(logs.Messages);
        Assert.DoesNotContain(logs.Messages, m => m.Contains("LOGCANARY", StringComparison.Ordinal));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public IReadOnlyCollection<string> Messages => _messages;

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(_messages);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception) + " " + exception);
        }
    }
}
