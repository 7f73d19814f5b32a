using System.Globalization;
using Swml.Runtime;
using Swml.Runtime.Flow;
using Swml.Runtime.Steps;

namespace Swml.Generators.Tests.Differential;

/// <summary>
/// Everything one run of a flow shows the world, as lines: how it ended (or crashed, or hung), the
/// steps it took, what it handed to the step handler, the documents it fetched, the sleeps it
/// asked for, its return value and its variables. Two runs behave alike when their lines match.
/// </summary>
internal static class FlowObservation
{
    /// <summary>
    /// A run that takes longer is hung (sleeps are instant, and steps answer at once). Generous:
    /// a run waits on thread-pool work items, which a CI machine running every test project on two
    /// cores may hold back for seconds (a probe of 20 instant timers once took over 5 s there).
    /// </summary>
    public static readonly TimeSpan WallClockLimit = TimeSpan.FromSeconds(30);

    public const string EndPrefix = "end: ";

    public static Task<IReadOnlyList<string>> RunAsync(SwmlFlow flow, FlowRunOptions options, RecordingStepHandler? handler = null) =>
        RunAsync((h, o, c) => flow.RunAsync(h, o, c), options, handler);

    /// <param name="run">Starts the run: <see cref="SwmlFlow.RunAsync"/>, or the engine on a definition.</param>
    public static async Task<IReadOnlyList<string>> RunAsync(
        Func<IStepHandler, FlowRunOptions, CancellationToken, Task<FlowResult>> run, FlowRunOptions options, RecordingStepHandler? handler = null)
    {
        handler ??= new RecordingStepHandler();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var clock = new InstantTimeProvider(stop);
        var clocked = new FlowRunOptions { Call = options.Call, Envs = options.Envs, Vars = options.Vars, Limits = options.Limits, Time = clock };

        FlowResult? result = null;
        string end;
        try
        {
            // On the thread pool: a flow that loops without awaiting must not block the guard.
            result = await Task.Run(() => run(handler, clocked, stop.Token)).WaitAsync(WallClockLimit);
            end = result.Reason.ToString();
        }
        catch (TimeoutException)
        {
            stop.Cancel();
            end = $"HUNG (no end within {WallClockLimit.TotalSeconds} s)";
        }
        catch (Exception ex)
        {
            end = $"CRASH {ex.GetType().Name}: {ex.Message}";
        }

        // In the order things happen, so the first differing line is near the cause.
        var lines = new List<string>();
        lines.AddRange((result?.Trace ?? Array.Empty<TraceEntry>()).Select(t => $"trace: {t}"));
        lines.AddRange(handler.Steps.Select(s => $"step: {s}"));
        lines.AddRange(handler.Fetches.Select(f => $"fetch: {f}"));
        lines.AddRange(clock.Requested.Select(t => $"sleep: {t.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms"));
        lines.Add(EndPrefix + end);
        if (result is not null)
        {
            lines.Add($"return: {RecordingStepHandler.Json(result.ReturnValue)}");
            lines.Add($"vars: {result.Variables.Vars.ToJsonString()}");
        }

        return lines;
    }
}
