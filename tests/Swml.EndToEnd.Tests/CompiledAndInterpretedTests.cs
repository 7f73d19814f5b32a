using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Swml.EndToEnd.Tests.Flows;
using Swml.EndToEnd.Tests.Infrastructure;
using Swml.Runtime.Hosting;
using Swml.Tests.Http;
using Swml.Tests.Peers;

namespace Swml.EndToEnd.Tests;

/// <summary>
/// Flows/refer_and_continue.swml two ways on a live call: compiled by the generator and hosted in
/// this process (Host.CreateApplicationBuilder + AddSwml().AddFlow&lt;ReferAndContinue&gt;()), and
/// interpreted by <c>swml run</c> from the same file. The same SIPp scenario calls each; the trace,
/// the variables and the callbacks must be the same, call-specific ids aside.
/// </summary>
public sealed class CompiledAndInterpretedTests
{
    [Theory(Timeout = 40_000)]
    [InlineData("caller_success.xml")]
    [InlineData("caller_busy.xml")]
    public async Task TheCompiledAndTheInterpretedFlowRunTheCallAlike(string scenario)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var compiledCallbacks = await TestHttpServer.StartAsync(TestFlows.Ok);
        await using var interpretedCallbacks = await TestHttpServer.StartAsync(TestFlows.Ok);

        var compiled = await RunCompiledAsync(scenario, compiledCallbacks.BaseUrl + "/status", ct);
        var file = Path.Combine(AppContext.BaseDirectory, "Flows", "refer_and_continue.swml");
        var interpreted = await SippCall.RunFileAsync(file, scenario, new[] { "--env", "STATUS_URL=" + interpretedCallbacks.BaseUrl + "/status" }, ct);

        Assert.True(interpreted.SippExit == 0, interpreted.Describe());
        var call = interpreted.Call;
        Assert.Equal("refer_and_continue", call.Flow);
        Assert.Equal(call.Trace, compiled.Trace.Select(t => t.ToString()));
        Assert.Equal(call.EndReason, compiled.EndReason?.ToString());
        Assert.Equal(call.SipReferResult, compiled.SipReferResult);

        // Variables alike but for the call's own id, which each holds as its own.
        Assert.Equal(call.CallId, call.Var("this_call"));
        Assert.Equal(compiled.CallId, compiled.Vars["this_call"]!.GetValue<string>());
        Assert.NotEqual(call.CallId, compiled.CallId);
        var interpretedVars = WithoutCallIds(call.Vars);
        var compiledVars = WithoutCallIds(compiled.Vars);
        Assert.True(JsonNode.DeepEquals(interpretedVars, compiledVars), $"interpreted {interpretedVars.ToJsonString()}\ncompiled    {compiledVars.ToJsonString()}");
        Assert.Equal(TestFlows.States(interpretedCallbacks), TestFlows.States(compiledCallbacks));

        // And the flow did what it says: the refer result decided the branch and the subroutine's return.
        var expected = scenario == "caller_success.xml" ? "success" : "busy";
        Assert.Equal(expected, call.SipReferResult);
        Assert.Equal(expected, call.Var("wrapped"));
        Assert.Equal(expected == "success" ? "wrap_up" : "retry", call.Var("return_value"));
        Assert.Equal(new[] { "inProgress", expected }, TestFlows.States(compiledCallbacks));
    }

    /// <summary>The generated class hosted as an application hosts it, called once by SIPp.</summary>
    private static async Task<CallSummary> RunCompiledAsync(string scenario, string statusUrl, CancellationToken ct)
    {
        var port = FreePorts.Next();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSwml(o =>
        {
            o.Listen = $"127.0.0.1:{port}";
            o.Envs["STATUS_URL"] = statusUrl;
            o.StopTimeout = TimeSpan.FromSeconds(10);
        }).AddFlow<ReferAndContinue>();
        using var host = builder.Build();
        await host.StartAsync(ct);
        try
        {
            var server = host.Services.GetRequiredService<SwmlHostedService>().Server!;
            var ended = new TaskCompletionSource<CallSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
            server.CallEnded += summary => ended.TrySetResult(summary);
            using var folder = new TempFolder("e2e-compiled");
            await using var sipp = Sipp.Start(folder, Sipp.Scenario(scenario), FreePorts.Next(), $"127.0.0.1:{port}", extra: new[] { "-s", "flow" });
            var exit = await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30), ct);
            Assert.True(exit == 0, $"SIPp against the compiled flow exited {exit}:\n{Sipp.Messages(folder)}");
            return await ended.Task.WaitAsync(TimeSpan.FromSeconds(20), ct);
        }
        finally
        {
            // Stopping drains the callbacks, as swml run does before it exits.
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static JsonObject WithoutCallIds(JsonObject vars)
    {
        var copy = vars.DeepClone().AsObject();
        copy.Remove("this_call");
        return copy;
    }
}
