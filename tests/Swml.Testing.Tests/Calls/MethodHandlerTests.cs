using System.Text.Json.Nodes;
using Swml.Runtime.Calls;
using Swml.Runtime.Flow;
using Swml.Runtime.Steps;

namespace Swml.Testing.Tests.Calls;

/// <summary>Methods the application runs itself, through the public API, and those nobody runs.</summary>
public sealed class MethodHandlerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AMethodTheApplicationHandlesRunsOnTheCallAndSetsItsVariables()
    {
        var flow = SwmlTest.Flow("""
            sections:
              main:
                - record: {beep: true, format: mp3}
                - play: {url: "say: ${record_result} ${record_url}"}
            """);
        var seen = new List<string>();
        var record = new MethodHandler("record", (invocation, call, _) =>
        {
            seen.Add($"{invocation.Step} {call.Info["call_id"]} {invocation.Arguments.ToJson()!.ToJsonString()}");
            return ValueTask.FromResult(StepOutcome.Set(("record_result", JsonValue.Create("success")), ("record_url", JsonValue.Create("https://files.example.com/1.mp3"))));
        });

        var (result, call) = await RunAsync(flow, record);

        Assert.Equal(FlowEndReason.Completed, result.Reason);
        Assert.Null(result.ScriptError);
        Assert.Equal(new[] { $"main[0] {call.Info["call_id"]} {{\"beep\":true,\"format\":\"mp3\"}}" }, seen);
        Assert.Equal(new[] { "say: success https://files.example.com/1.mp3" }, call.Played);
    }

    [Fact]
    public async Task AHandlerOfTheApplicationTakesPrecedenceOverTheRuntimesOwn()
    {
        var flow = SwmlTest.Flow("sections: {main: [{play: {url: \"say: hi\"}}]}");
        var played = new List<string>();
        var play = new MethodHandler("play", (invocation, _, _) =>
        {
            played.AddRange(((PlayArguments)invocation.Arguments).Urls);
            return ValueTask.FromResult(StepOutcome.None);
        });

        var (_, call) = await RunAsync(flow, play);

        Assert.Equal(new[] { "say: hi" }, played);
        Assert.Empty(call.Played);
    }

    [Fact]
    public async Task AMethodNobodyRunsSetsScriptErrorSaysHowToRunItAndTheFlowGoesOn()
    {
        var flow = SwmlTest.Flow("""
            sections:
              main:
                - record: {}
                - play: {url: "say: after"}
            """);

        var (result, call) = await RunAsync(flow);

        Assert.Equal(new[] { "say: after" }, call.Played);
        Assert.Equal("relay_script_method_execute_failed: record: 'record' is valid SWML, but the SipRefer runtime does not run it; the application can, with an IMethodHandler for it.", result.ScriptError);
    }

    [Fact]
    public void TwoHandlersForOneMethodAreRefused()
    {
        var handler = new MethodHandler("record", (_, _, _) => ValueTask.FromResult(StepOutcome.None));
        using var http = new HttpClient();

        var error = Assert.Throws<ArgumentException>(() => new CallStepHandler(new FakeCall(), new RecordingCallbackSink(), http, new CallStepHandlerOptions { MethodHandlers = [handler, handler] }));
        Assert.Contains("'record'", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(FlowResult Result, FakeCall Call)> RunAsync(Runtime.SwmlFlow flow, params IMethodHandler[] handlers)
    {
        var call = new FakeCall();
        using var http = new HttpClient();
        var handler = new CallStepHandler(call, new RecordingCallbackSink(), http, new CallStepHandlerOptions { Time = call.Clock, MethodHandlers = handlers });
        var result = await flow.RunAsync(handler, new FlowRunOptions { Call = call.Info, Time = call.Clock }, Ct);
        return (result, call);
    }
}
