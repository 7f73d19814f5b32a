using System.Globalization;
using System.Reflection;
using Swml.Language.Binding;
using Swml.Runtime.Flow;

namespace Swml.Runtime.Tests.Infrastructure;

/// <summary>Makes the flow of a test file (Flows/&lt;name&gt;.swml) in one of the <see cref="FlowKinds"/>.</summary>
public static class TestFlows
{
    public const string FlowNamespace = "Swml.Runtime.Tests.Flows";

    /// <summary>Where the build copies Flows/*.swml.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Flows");

    public static string PathOf(string name) => Path.Combine(Directory, name + ".swml");

    /// <summary>A new flow (one instance runs one call).</summary>
    public static SwmlFlow Create(string kind, string name) => kind switch
    {
        FlowKinds.Interpreted => Interpreted(name),
        FlowKinds.Compiled => Compiled(name),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a flow kind."),
    };

    /// <summary>Reads and checks the file, then interprets it.</summary>
    public static SwmlFlow Interpreted(string name)
    {
        var path = PathOf(name);
        var document = SwmlDocument.Parse(File.ReadAllText(path), path);
        var errors = document.Diagnostics.Where(d => d.IsError).Select(d => d.ToString(path)).ToArray();
        Assert.True(errors.Length == 0, $"{name}.swml has errors:\n{string.Join("\n", errors)}");
        return new InterpretedFlow(document);
    }

    /// <summary>The generated class for the file, found by name in this assembly.</summary>
    public static SwmlFlow Compiled(string name)
    {
        var typeName = CompiledTypeName(name);
        var type = typeof(TestFlows).Assembly.GetType(typeName, throwOnError: false)
            ?? throw new InvalidOperationException($"No generated flow class {typeName} for Flows/{name}.swml.");
        Assert.True(typeof(SwmlFlow).IsAssignableFrom(type), $"{typeName} does not derive from {nameof(SwmlFlow)}.");
        var constructor = type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)
            ?? throw new InvalidOperationException($"{typeName} has no public parameterless constructor.");
        return (SwmlFlow)constructor.Invoke(null);
    }

    /// <summary>goto_max -> Swml.Runtime.Tests.Flows.GotoMax.</summary>
    public static string CompiledTypeName(string name) => $"{FlowNamespace}.{PascalCase(name)}";

    public static string PascalCase(string snakeCase) => string.Concat(
        snakeCase.Split('_', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => char.ToUpper(part[0], CultureInfo.InvariantCulture) + part.Substring(1)));

    /// <summary>The names (without .swml) of every test flow.</summary>
    public static IEnumerable<string> All() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.swml").Select(p => Path.GetFileNameWithoutExtension(p)!).Order(StringComparer.Ordinal);

    /// <summary>Runs a flow with a handler (a fresh recording one by default), cancelled with the test.</summary>
    public static Task<FlowRun> RunAsync(string kind, string name, RecordingHandler? handler = null, FlowRunOptions? options = null) =>
        RunUntilCancelledAsync(kind, name, handler ?? new RecordingHandler(), options, TestContext.Current.CancellationToken);

    /// <summary>Runs a flow until it ends or <paramref name="cancellationToken"/> is cancelled.</summary>
    public static async Task<FlowRun> RunUntilCancelledAsync(string kind, string name, RecordingHandler handler, FlowRunOptions? options, CancellationToken cancellationToken)
    {
        var flow = Create(kind, name);
        var result = await flow.RunAsync(handler, options, cancellationToken);
        return new FlowRun(result, handler);
    }
}

/// <summary>What a test run left: the engine's result and what the handler saw.</summary>
public sealed record FlowRun(FlowResult Result, RecordingHandler Handler)
{
    /// <summary>The trace as "section[path] method" lines.</summary>
    public string[] Trace => Result.Trace.Select(t => t.ToString()).ToArray();

    /// <summary>A variable of vars as JSON (so 42 and "42" differ), or null when unset.</summary>
    public string? Var(string name) => Result.Variables.Vars.TryGetPropertyValue(name, out var value) ? TestJson.Text(value) : null;
}
