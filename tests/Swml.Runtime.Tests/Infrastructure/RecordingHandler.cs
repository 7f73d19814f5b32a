using System.Text.Json.Nodes;
using Swml.Runtime.Flow;
using Swml.Runtime.Steps;

namespace Swml.Runtime.Tests.Infrastructure;

/// <summary>One step the engine handed to the handler.</summary>
public sealed record Invocation(StepId Step, string Method, string Arguments, string Params)
{
    public override string ToString() => $"{Step} {Method} {Arguments}";
}

/// <summary>One document the engine asked for (execute or transfer to a URL).</summary>
public sealed record Fetch(string Url, string Body);

/// <summary>
/// A step handler for engine tests: records every invocation (step, method, arguments as JSON,
/// params at that moment) and every fetch, answers with scripted outcomes per method, and serves
/// documents for execute and transfer URLs.
/// </summary>
public sealed class RecordingHandler : IStepHandler
{
    private readonly object _gate = new();
    private readonly List<Invocation> _invocations = new();
    private readonly List<Fetch> _fetches = new();
    private readonly Dictionary<string, Queue<Func<StepInvocation, StepOutcome>>> _scripts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _documents = new(StringComparer.Ordinal);

    public IReadOnlyList<Invocation> Invocations
    {
        get
        {
            lock (_gate)
            {
                return _invocations.ToArray();
            }
        }
    }

    public IReadOnlyList<Fetch> Fetches
    {
        get
        {
            lock (_gate)
            {
                return _fetches.ToArray();
            }
        }
    }

    /// <summary>The invocations as "section[path] method {arguments}" lines.</summary>
    public string[] Lines => Invocations.Select(i => i.ToString()).ToArray();

    /// <summary>What each play said or played: its url (or urls joined with " | ").</summary>
    public string[] Played => Invocations
        .Where(i => i.Method == "play")
        .Select(i => string.Join(" | ", JsonNode.Parse(i.Arguments)!["urls"]!.AsArray().Select(u => (string)u!)))
        .ToArray();

    /// <summary>Answers the next calls of <paramref name="method"/> with these outcomes, in order; the last one repeats.</summary>
    public RecordingHandler On(string method, params StepOutcome[] outcomes) =>
        On(method, outcomes.Select(o => (Func<StepInvocation, StepOutcome>)(_ => o)).ToArray());

    public RecordingHandler On(string method, params Func<StepInvocation, StepOutcome>[] outcomes)
    {
        _scripts[method] = new Queue<Func<StepInvocation, StepOutcome>>(outcomes);
        return this;
    }

    /// <summary>Every call of <paramref name="method"/> fails with this exception.</summary>
    public RecordingHandler Throw(string method, Exception exception) => On(method, _ => throw exception);

    /// <summary>Serves <paramref name="document"/> for fetches of <paramref name="url"/>; other URLs fail.</summary>
    public RecordingHandler Serve(string url, string document)
    {
        _documents[url] = document;
        return this;
    }

    public ValueTask<StepOutcome> RunStepAsync(StepInvocation invocation, CancellationToken cancellationToken)
    {
        var arguments = TestJson.Text(invocation.Arguments.ToJson() ?? new JsonObject());
        Func<StepInvocation, StepOutcome>? script = null;
        lock (_gate)
        {
            _invocations.Add(new Invocation(invocation.Step, invocation.Arguments.Method, arguments, TestJson.Text(invocation.Flow.Variables.Params)));
            if (_scripts.TryGetValue(invocation.Arguments.Method, out var queue) && queue.Count > 0)
            {
                script = queue.Count > 1 ? queue.Dequeue() : queue.Peek();
            }
        }

        return ValueTask.FromResult(script?.Invoke(invocation) ?? StepOutcome.None);
    }

    public ValueTask<string> FetchDocumentAsync(string url, JsonObject body, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _fetches.Add(new Fetch(url, TestJson.Text(body)));
        }

        return _documents.TryGetValue(url, out var document)
            ? ValueTask.FromResult(document)
            : ValueTask.FromException<string>(new HttpRequestException($"404 Not Found: {url}"));
    }
}
