using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Swml.Sip.Interop.Tests.Infrastructure;

/// <summary>Keeps every log line, at every level, with its structured values, to check what the stack logs.</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<string> _lines = new();

    public string All => string.Join(Environment.NewLine, _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(_lines);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? " {" + string.Join(", ", pairs.Select(p => p.Key + "=" + p.Value)) + "}"
                : string.Empty;
            lines.Enqueue($"{logLevel}: {formatter(state, exception)}{values}{(exception is null ? string.Empty : " " + exception)}");
        }
    }
}
