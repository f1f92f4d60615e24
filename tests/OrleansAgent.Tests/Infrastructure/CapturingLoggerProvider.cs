using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansAgent.Tests.Infrastructure;

/// <summary>Keeps every formatted log message, exception text included, so tests can search the log output.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider._messages.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
