using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Swml.Testing.Tests.Infrastructure;

/// <summary>An ILogger that keeps every line (message and exception), to check what is logged.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public string All => string.Join(Environment.NewLine, _lines);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var structured = state is IEnumerable<KeyValuePair<string, object?>> values
            ? " {" + string.Join(", ", values.Select(v => v.Key + "=" + v.Value)) + "}"
            : string.Empty;
        _lines.Enqueue($"{logLevel}: {formatter(state, exception)}{structured}{(exception is null ? string.Empty : " " + exception)}");
    }
}

/// <summary>Counts the requests an HttpClient sends (including those that fail to connect).</summary>
internal sealed class CountingHandler : DelegatingHandler
{
    private int _count;

    public CountingHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    public int Count => Volatile.Read(ref _count);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return base.SendAsync(request, cancellationToken);
    }
}
