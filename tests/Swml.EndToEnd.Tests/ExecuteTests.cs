using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Swml.EndToEnd.Tests.Infrastructure;
using Swml.Tests.Http;

namespace Swml.EndToEnd.Tests;

/// <summary>
/// An execute step whose dest is a URL on Kestrel, in a flow served by <c>swml run</c> after a
/// REFER: what the URL receives ({call, vars, envs, params}), the answer document running as a
/// subroutine, and every way an answer can be unusable, each a clear script_error with the flow
/// going on.
/// </summary>
public sealed class ExecuteTests
{
    private const string YamlDocument = """
        version: 1.0.0
        sections:
          main:
            - set:
                fetched_as: yaml
                refer_seen_by_document: "${sip_refer_result}"
            - return: from-yaml
        """;

    private const string JsonDocument = """
        {"version": "1.0.0", "sections": {"main": [
          {"set": {"fetched_as": "json", "refer_seen_by_document": "${sip_refer_result}"}},
          {"return": "from-json"}
        ]}}
        """;

    /// <summary>The trace of <see cref="Flow"/> when its execute ran a document of a set and a return.</summary>
    private static readonly string[] TraceWithDocument = { "main[0] answer", "main[1] sip_refer", "main[2] execute", "main[0] set", "main[1] return", "main[3] set", "main[4] play" };

    /// <summary>The trace of <see cref="Flow"/> when its execute fetched nothing it could run.</summary>
    private static readonly string[] TraceWithoutDocument = { "main[0] answer", "main[1] sip_refer", "main[2] execute", "main[3] set", "main[4] play" };

    [Theory(Timeout = 40_000)]
    [InlineData("application/yaml", YamlDocument, "yaml")]
    [InlineData("application/json", JsonDocument, "json")]
    public async Task TheUrlGetsCallVarsEnvsAndParamsAndItsDocumentRuns(string contentType, string document, string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var http = await TestHttpServer.StartAsync(Answer(200, contentType, document));

        var run = await SippCall.RunAsync(Flow(http.BaseUrl + "/document"), "caller_success.xml", new[] { "--env", "REGION=eu-west", "--document-timeout", "5" }, ct);

        Assert.True(run.SippExit == 0, run.Describe());
        var call = run.Call;

        // What the URL received.
        var request = Assert.Single(http.Received);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        var body = JsonNode.Parse(request.Body)!.AsObject();
        Assert.Equal(new[] { "call", "envs", "params", "vars" }, body.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(call.CallId, body["call"]!["call_id"]!.GetValue<string>());
        Assert.Equal("inbound", body["call"]!["direction"]!.GetValue<string>());
        var vars = body["vars"]!.AsObject();
        Assert.Equal(TestFlows.Target, vars["sip_refer_to"]!.GetValue<string>());
        Assert.Equal("success", vars["sip_refer_result"]!.GetValue<string>());
        Assert.Equal("success", vars["return_value"]!.GetValue<string>());
        Assert.Equal("202", vars["sip_refer_response_code"]!.GetValue<string>());
        Assert.Equal("200", vars["sip_refer_to_response_code"]!.GetValue<string>());
        Assert.Equal("eu-west", body["envs"]!["REGION"]!.GetValue<string>());
        Assert.Equal("hello", body["params"]!["greeting"]!.GetValue<string>());
        Assert.Equal("3", body["params"]!["attempt"]!.GetValue<string>()); // SignalWire sends param values as strings

        // The document ran as a subroutine: its steps are in the trace, its variables and return value are the call's.
        Assert.Equal(TraceWithDocument, call.Trace);
        Assert.Equal(kind, call.Var("fetched_as"));
        Assert.Equal("success", call.Var("refer_seen_by_document"));
        Assert.Equal("from-" + kind, call.Var("after_execute"));
        Assert.Null(call.ScriptError);
        Assert.Equal("Completed", call.EndReason);
    }

    public static TheoryData<string, string> Unusable => new()
    {
        { "garbage", "relay_script_parse_error" },
        { "unknown-method", "frobnicate" },
        { "too-big", "1048576" },
        { "too-big-chunked", "more than 1048576 bytes" },
        { "stall", "did not answer within 1 s" },
        { "error-500", "answered 500" },
    };

    [Theory(Timeout = 40_000), MemberData(nameof(Unusable))]
    public async Task AnUnusableAnswerIsAClearScriptErrorAndTheFlowGoesOn(string answer, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var http = await TestHttpServer.StartAsync(answer switch
        {
            "garbage" => Answer(200, "application/yaml", "\u0001\u0002 ]]] {{{ : not: [a document\n\t- -"),
            "unknown-method" => Answer(200, "application/yaml", "version: 1.0.0\nsections:\n  main:\n    - frobnicate: {}\n"),
            "too-big" => Answer(200, "application/yaml", "# " + new string('x', 1024 * 1024) + "\nsections:\n  main:\n    - hangup: {}\n"),
            "too-big-chunked" => Chunked(count: 80, chunk: "# " + new string('y', 16 * 1024 - 3) + "\n"),
            "stall" => Stall(TimeSpan.FromSeconds(15)),
            "error-500" => Answer(500, "text/plain", "it broke"),
            _ => throw new ArgumentOutOfRangeException(nameof(answer)),
        });

        var run = await SippCall.RunAsync(Flow(http.BaseUrl + "/document"), "caller_success.xml", new[] { "--document-timeout", "1" }, ct);

        Assert.True(run.SippExit == 0, run.Describe());
        var call = run.Call;
        Assert.True(call.ScriptError is { } error && error.Contains(expected, StringComparison.Ordinal), $"script_error: {call.ScriptError}\n{run.Describe()}");
        Assert.True(call.ScriptError!.StartsWith("relay_script_", StringComparison.Ordinal), call.ScriptError);
        Assert.Contains("/document", call.ScriptError); // which URL it was

        // The flow went on past the execute: its next steps ran, with the refer result still there.
        Assert.Equal(TraceWithoutDocument, call.Trace);
        Assert.Equal("Completed", call.EndReason);
        Assert.Equal("success", call.Var("sip_refer_result"));
        Assert.Contains(call.ScriptError, run.SwmlOutput); // the summary line says it too
    }

    /// <summary>answer, sip_refer, execute the URL with params, then a set and a play after it.</summary>
    private static string Flow(string url) => TestFlows.AnswerAndRefer(statusUrl: null, then: $$"""
        - execute:
            dest: "{{url}}"
            params:
              greeting: hello
              attempt: 3
        - set:
            after_execute: "${return_value}"
        - play:
            url: "say: done"
        """);

    private static Func<HttpContext, ReceivedRequest, Task> Answer(int status, string contentType, string text) => async (context, _) =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    };

    /// <summary>A 200 without Content-Length (chunked), larger than 1 MiB in all.</summary>
    private static Func<HttpContext, ReceivedRequest, Task> Chunked(int count, string chunk) => async (context, _) =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/yaml";
        var bytes = Encoding.UTF8.GetBytes(chunk);
        for (var i = 0; i < count && !context.RequestAborted.IsCancellationRequested; i++)
        {
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    };

    /// <summary>Holds the request without answering until the client gives up (or <paramref name="longest"/> passes).</summary>
    private static Func<HttpContext, ReceivedRequest, Task> Stall(TimeSpan longest) => async (context, _) =>
    {
        try
        {
            await Task.Delay(longest, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // swml gave up: what the test wants.
        }
    };
}
