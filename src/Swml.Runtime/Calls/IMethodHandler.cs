using Swml.Runtime.Steps;

namespace Swml.Runtime.Calls;

/// <summary>
/// A SWML method the application runs itself: one the SipRefer runtime does not run (record,
/// connect...), or one it wants to run its own way. Registered in
/// <see cref="CallStepHandlerOptions.MethodHandlers"/>; list the method in the project's
/// SwmlHandledMethods property (or <c>swml check --handled-method</c>) so the build does not warn
/// SWML0503 for it.
/// </summary>
public interface IMethodHandler
{
    /// <summary>The SWML method it runs, e.g. "record".</summary>
    string Method { get; }

    /// <summary>
    /// Runs one step on the call. The outcome's variables are set in vars; an exception sets
    /// script_error and the flow goes on with the next step.
    /// </summary>
    ValueTask<StepOutcome> RunAsync(StepInvocation invocation, ICall call, CancellationToken cancellationToken);
}

/// <summary>An <see cref="IMethodHandler"/> made of a method name and a delegate.</summary>
public sealed class MethodHandler : IMethodHandler
{
    private readonly Func<StepInvocation, ICall, CancellationToken, ValueTask<StepOutcome>> _run;

    public MethodHandler(string method, Func<StepInvocation, ICall, CancellationToken, ValueTask<StepOutcome>> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(run);
        Method = method;
        _run = run;
    }

    public string Method { get; }

    public ValueTask<StepOutcome> RunAsync(StepInvocation invocation, ICall call, CancellationToken cancellationToken) =>
        _run(invocation, call, cancellationToken);
}
