using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Swml.Runtime.Calls;
using Swml.Runtime.Flow;
using Swml.Runtime.Steps;
using Swml.Sip.Events;
using Swml.Testing.Tests.Infrastructure;
using Swml.Tests.Http;

namespace Swml.Testing.Tests.Calls;

/// <summary>The handler over real HTTP (Kestrel on 127.0.0.1), and over call layers that misbehave.</summary>
public sealed class CallStepHandlerTests
{
    private const string Password = "pw-S3cret-9";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReferCallbacksReachARealEndpointInOrderWithoutThePassword()
    {
        await using var server = await TestHttpServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 200;
            return Task.CompletedTask;
        });
        var flow = SwmlTest.Flow($$"""
            sections:
              main:
                - sip_refer:
                    to_uri: sip:carol@example.com
                    status_url: {{server.BaseUrl}}/refer-status
                    username: alice
                    password: {{Password}}
                - play: {url: "say: ${sip_refer_result}"}
            """);
        var call = new FakeCall();
        call.Refer.Challenges(407, "alice", Password).ThenAccepts().ThenNotifies(100, 180, 200);
        var sinkLog = new RecordingLogger<HttpStatusCallbackSink>();
        var handlerLog = new RecordingLogger<CallStepHandler>();
        using var http = new HttpClient();
        var sink = new HttpStatusCallbackSink(http, new HttpStatusCallbackOptions { UseJitter = false }, sinkLog);
        var handler = new CallStepHandler(call, sink, http, new CallStepHandlerOptions { RunId = "run-1", Logger = handlerLog, Time = call.Clock });

        var result = await flow.RunAsync(handler, new FlowRunOptions { Call = call.Info, Time = call.Clock }, Ct);
        await sink.DisposeAsync();

        Assert.Equal(FlowEndReason.Completed, result.Reason);
        Assert.Equal(new[] { "say: success" }, call.Played);
        var bodies = server.Received.Select(r => JsonNode.Parse(r.Body)!).ToArray();
        Assert.Equal(new[] { "inProgress", "success" }, bodies.Select(b => b["params"]!["state"]!.GetValue<string>()));
        Assert.All(server.Received, r => Assert.Equal("/refer-status", r.PathAndQuery));
        Assert.All(bodies, b => Assert.Equal("swml:run-1", b["event_channel"]!.GetValue<string>()));
        var everything = string.Join("\n", server.Received.Select(r => r.ToString())) + sinkLog.All + handlerLog.All + result.Variables.Vars.ToJsonString();
        Assert.DoesNotContain(Password, everything, StringComparison.Ordinal);
        Assert.Contains(handlerLog.Lines, l => l.Contains("sip:carol@example.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADownCallbackEndpointDoesNotSlowTheFlow()
    {
        var flow = SwmlTest.Flow($$"""
            sections:
              main:
                - sip_refer: {to_uri: "sip:carol@example.com", status_url: "{{TestHttpServer.DownUrl()}}"}
                - play: {url: "say: ${sip_refer_result}"}
            """);
        var call = new FakeCall();
        call.Refer.Accepts().ThenNotifies(200);
        var counting = new CountingHandler(new SocketsHttpHandler());
        using var http = new HttpClient(counting);
        var sink = new HttpStatusCallbackSink(http, new HttpStatusCallbackOptions { MaxAttempts = 3, FirstRetryDelay = TimeSpan.FromMilliseconds(300), UseJitter = false });
        var handler = new CallStepHandler(call, sink, http, new CallStepHandlerOptions { Time = call.Clock });

        var running = Stopwatch.StartNew();
        var result = await flow.RunAsync(handler, new FlowRunOptions { Call = call.Info, Time = call.Clock }, Ct);
        running.Stop();
        await sink.FlushAsync(Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.Equal(FlowEndReason.Completed, result.Reason);
        Assert.Equal(new[] { "say: success" }, call.Played);
        Assert.True(running.Elapsed < TimeSpan.FromMilliseconds(900), $"the flow took {running.Elapsed}, as long as the retries"); // 2 callbacks x (300 + 600 ms) of retries
        Assert.Equal(6, counting.Count);
        Assert.Equal(2, sink.GivenUpCount);
        await sink.DisposeAsync();
    }

    [Fact]
    public async Task RequestGoesOverRealHttpWithBasicAuthAndJson()
    {
        await using var server = await TestHttpServer.StartAsync(async (context, _) =>
        {
            context.Response.ContentType = "application/json";
            context.Response.Headers["X-Reply"] = "yes";
            await context.Response.WriteAsync("""{"agent": {"ext": 204}}""", context.RequestAborted);
        });
        var url = server.BaseUrl.Replace("http://", "http://api:p%40ss@", StringComparison.Ordinal) + "/route?x=1";
        var flow = SwmlTest.Flow($$"""
            sections:
              main:
                - request:
                    url: "{{url}}"
                    method: POST
                    headers: {X-Call: "${call.call_id}"}
                    body: {from: "${call.from}"}
                    save_variables: true
                    timeout: 5
                    connect_timeout: 2
            """);
        var call = new FakeCall();
        using var http = new HttpClient(SwmlHttp.CreateHandler());
        var handler = new CallStepHandler(call, new RecordingCallbackSink(), http);

        var result = await flow.RunAsync(handler, new FlowRunOptions { Call = call.Info }, Ct);

        var received = Assert.Single(server.Received);
        Assert.Equal("POST", received.Method);
        Assert.Equal("/route?x=1", received.PathAndQuery);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("api:p@ss")), received.Headers["Authorization"]);
        Assert.Equal(FakeCall.DefaultCallId, received.Headers["X-Call"]);
        Assert.Equal("application/json", received.Headers["Content-Type"]);
        Assert.Equal("""{"from":"sip:alice@127.0.0.1"}""", received.Body);
        var vars = result.Variables;
        Assert.Equal("success", vars.GetString("request_result"));
        Assert.Equal("200", vars.GetString("request_response_code"));
        Assert.Equal("yes", vars.Get("request_response_headers.x-reply")!.GetValue<string>());
        Assert.Equal("204", vars.Get("request_response.agent.ext")!.ToString());
        Assert.Equal(server.BaseUrl + "/route?x=1", vars.GetString("request_url"));
    }

    [Fact]
    public async Task RequestTimeoutAndRefusedConnectionAreFailedRequests()
    {
        await using var server = await TestHttpServer.StartAsync(async (context, _) => await Task.Delay(Timeout.Infinite, context.RequestAborted));
        var flow = SwmlTest.Flow($$"""
            sections:
              main:
                - request: {url: "{{server.BaseUrl}}/slow", method: GET, timeout: 0.3}
                - set: {slow: "${request_result}"}
                - request: {url: "{{TestHttpServer.DownUrl()}}", method: GET, connect_timeout: 1}
            """);
        using var http = new HttpClient(SwmlHttp.CreateHandler());
        var handler = new CallStepHandler(new FakeCall(), new RecordingCallbackSink(), http);

        var running = Stopwatch.StartNew();
        var result = await flow.RunAsync(handler, cancellationToken: Ct);

        Assert.True(running.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Equal("failed", result.Variables.GetString("slow"));
        Assert.Equal("failed", result.Variables.GetString("request_result"));
        Assert.Null(result.ScriptError);
    }

    [Fact]
    public async Task FetchDocumentPostsJsonAndReturnsTheDocumentOfA2xx()
    {
        await using var server = await TestHttpServer.StartAsync(async (context, _) =>
        {
            if (context.Request.Path == "/missing")
            {
                context.Response.StatusCode = 404;
                return;
            }

            await context.Response.WriteAsync("sections: {main: [{return: 1}]}", context.RequestAborted);
        });
        using var http = new HttpClient();
        var handler = new CallStepHandler(new FakeCall(), new RecordingCallbackSink(), http);
        var body = new JsonObject { ["call"] = new JsonObject(), ["vars"] = new JsonObject { ["a"] = 1 }, ["envs"] = new JsonObject(), ["params"] = new JsonObject() };

        var document = await handler.FetchDocumentAsync(server.BaseUrl.Replace("http://", "http://u:pw@", StringComparison.Ordinal) + "/doc", body, Ct);
        var error = await Assert.ThrowsAsync<HttpRequestException>(async () => await handler.FetchDocumentAsync(server.BaseUrl + "/missing", body, Ct));

        Assert.Equal("sections: {main: [{return: 1}]}", document);
        var received = server.Received[0];
        Assert.Equal("POST", received.Method);
        Assert.StartsWith("application/json", received.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(body, JsonNode.Parse(received.Body)));
        Assert.StartsWith("Basic ", received.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACallLayerThatReportsNoProgressStillGetsInProgressFirst()
    {
        var call = new StubCall((_, _) => Task.FromResult(new ReferResult { ReferStatusCode = 202, NotifyCodes = new[] { 100, 200 } }));
        var (outcome, callbacks) = await ReferAsync(call);

        Assert.Equal("success", Value(outcome, "sip_refer_result"));
        Assert.Equal(new[] { "inProgress", "success" }, callbacks.Select(c => c.State));
    }

    [Fact]
    public async Task ProgressAfterTheResultIsIgnored()
    {
        IProgress<ReferProgress>? kept = null;
        var call = new StubCall((_, progress) =>
        {
            kept = progress;
            progress!.Report(new ReferProgress(ReferProgressKind.Accepted, 202));
            progress.Report(new ReferProgress(ReferProgressKind.Notified, 486));
            return Task.FromResult(new ReferResult { ReferStatusCode = 202, NotifyCodes = new[] { 486 } });
        });
        var (_, callbacks) = await ReferAsync(call);
        kept!.Report(new ReferProgress(ReferProgressKind.Notified, 200));

        Assert.Equal(new[] { "inProgress", "busy" }, callbacks.Select(c => c.State));
    }

    [Fact]
    public async Task ACallLayerThatThrowsIsAnErrorAndTheFlowGoesOn()
    {
        var call = new StubCall((_, progress) =>
        {
            progress!.Report(new ReferProgress(ReferProgressKind.Accepted, 202));
            throw new IOException("transport closed");
        });
        var (outcome, callbacks) = await ReferAsync(call);

        Assert.Equal("error", Value(outcome, "sip_refer_result"));
        Assert.Equal("202", Value(outcome, "sip_refer_response_code"));
        Assert.Null(Value(outcome, "sip_refer_to_response_code"));
        Assert.False(outcome.CallEnded);
        Assert.Equal(new[] { "inProgress", "error" }, callbacks.Select(c => c.State));
    }

    [Fact]
    public async Task TheCallEndingWhileAReferWaitsIsCancel()
    {
        var call = new StubCall(async (call, progress) =>
        {
            progress!.Report(new ReferProgress(ReferProgressKind.Accepted, 202));
            call.EndNow();
            await Task.Delay(Timeout.Infinite, call.Ended);
            throw new InvalidOperationException("unreachable");
        });
        var (outcome, callbacks) = await ReferAsync(call);

        Assert.Equal("cancel", Value(outcome, "sip_refer_result"));
        Assert.True(outcome.CallEnded);
        Assert.Equal(new[] { "inProgress", "cancel" }, callbacks.Select(c => c.State));
    }

    [Fact]
    public async Task AMethodWithoutAHandlerThrowsNotSupportedNamingIt()
    {
        var handler = new CallStepHandler(new FakeCall(), new RecordingCallbackSink(), new HttpClient());
        var flow = SwmlTest.Flow("sections: {main: [{answer: {}}]}");
        await flow.RunAsync(new NullHandler(), cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<NotSupportedException>(async () =>
            await handler.RunStepAsync(new StepInvocation(new StepId("main", "0"), new JsonArguments("record_call", new JsonObject()), flow.Context!), Ct));

        Assert.Contains("record_call", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(StepOutcome Outcome, IReadOnlyList<RecordedCallback> Callbacks)> ReferAsync(StubCall call)
    {
        var sink = new RecordingCallbackSink();
        var handler = new CallStepHandler(call, sink, new HttpClient());
        var flow = SwmlTest.Flow("sections: {main: [{answer: {}}]}");
        await flow.RunAsync(new NullHandler(), cancellationToken: Ct);
        var arguments = new SipReferArguments { ToUri = "sip:x@example.com", StatusUrl = "https://hooks.example.com/r" };
        var outcome = await handler.RunStepAsync(new StepInvocation(new StepId("main", "0"), arguments, flow.Context!), Ct);
        return (outcome, sink.Callbacks);
    }

    private static string? Value(StepOutcome outcome, string name) =>
        outcome.Variables.Single(v => v.Key == name).Value?.GetValue<string>();

    /// <summary>A call layer whose REFER does whatever the test says.</summary>
    private sealed class StubCall : ICall
    {
        private readonly CancellationTokenSource _ended = new();
        private readonly Func<StubCall, IProgress<ReferProgress>?, Task<ReferResult>> _refer;

        public StubCall(Func<StubCall, IProgress<ReferProgress>?, Task<ReferResult>> refer) => _refer = refer;

        public JsonObject Info { get; } = new() { ["call_id"] = "stub", ["node_id"] = "n" };

        public bool IsAnswered => true;

        public CancellationToken Ended => _ended.Token;

        public void EndNow() => _ended.Cancel();

        public Task<bool> AnswerAsync(AnswerArguments arguments, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<PlayResult> PlayAsync(PlayArguments arguments, CancellationToken cancellationToken) => Task.FromResult(PlayResult.Finished);

        public Task<ReferResult> ReferAsync(ReferOptions options, IProgress<ReferProgress>? progress, CancellationToken cancellationToken) => _refer(this, progress);

        public Task HangupAsync(string reason, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Runs a flow only to get a FlowContext for invoking the handler directly.</summary>
    private sealed class NullHandler : IStepHandler
    {
        public ValueTask<StepOutcome> RunStepAsync(StepInvocation invocation, CancellationToken cancellationToken) => ValueTask.FromResult(StepOutcome.None);

        public ValueTask<string> FetchDocumentAsync(string url, JsonObject body, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ADocumentLargerThanTheLimitIsRefusedWhetherOrNotItSaysItsLength(bool sayLength)
    {
        await using var server = await TestHttpServer.StartAsync(async (context, _) =>
        {
            var document = "sections: {main: [{return: \"" + new string('x', 2000) + "\"}]}";
            if (sayLength)
            {
                context.Response.ContentLength = document.Length;
            }

            await context.Response.WriteAsync(document, context.RequestAborted);
        });
        using var http = new HttpClient();
        var handler = new CallStepHandler(new FakeCall(), new RecordingCallbackSink(), http, new CallStepHandlerOptions { MaxDocumentBytes = 1000 });
        var body = new JsonObject { ["call"] = new JsonObject(), ["vars"] = new JsonObject(), ["envs"] = new JsonObject(), ["params"] = new JsonObject() };

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await handler.FetchDocumentAsync(server.BaseUrl + "/doc", body, Ct));

        Assert.Contains("more than 1000 bytes", error.Message, StringComparison.Ordinal);
    }
}
