using System.Text.Json.Nodes;
using Swml.Runtime.Flow;
using Swml.Runtime.Tests.Infrastructure;

namespace Swml.Runtime.Tests;

public sealed class ExecuteTests
{
    private const string SubUrl = "https://flows.example.com/sub";

    /// <summary>What the execute_url flow's URL answers: it reads params and vars, runs its own section and returns.</summary>
    private const string SubDocument = """
        version: 1.0.0
        sections:
          main:
            - play:
                url: "say: remote sees ${params.id} and ${caller_note}"
            - execute:
                dest: helper
            - return: "${params.id}"
          helper:
            - play:
                url: "say: remote helper"
        """;

    private static readonly FlowRunOptions CallOptions = new()
    {
        Call = TestJson.Object("""{"call_id": "c-1", "from": "+15550001111", "to": "+15550002222", "type": "phone"}"""),
        Envs = TestJson.Object("""{"region": "eu"}"""),
    };

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task ParamsAreReplacedForTheSubroutineAndRestoredAfterIt(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "execute_params");

        Assert.Equal(
            new[] { "main[0] execute", "outer[0] play", "outer[1] execute", "inner[0] play", "outer[2] play", "main[1] play" },
            run.Trace);
        Assert.Equal(
            new[]
            {
                "say: outer sees outer and only outer",
                "say: inner sees outer then inner and []",
                "say: outer sees outer and only outer again",
                "say: main sees []",
            },
            run.Handler.Played);
        Assert.Equal(
            new[] { """{"x":"outer","y":"only outer"}""", """{"x":"outer then inner"}""", """{"x":"outer","y":"only outer"}""", "{}" },
            run.Handler.Invocations.Select(i => i.Params));
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task ReturnSetsReturnValueKeepingItsType(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "execute_return");

        Assert.Equal(
            new[]
            {
                "main[0] execute", "number[0] set", "number[1] return", "main[1] set",
                "main[2] execute", "text[0] return", "main[3] set",
                "main[4] execute", "list[0] return", "main[5] set",
                "main[6] execute", "empty[0] return", "main[7] set",
                "main[8] execute", "falls_off[0] play", "main[9] set",
            },
            run.Trace);
        Assert.Equal("42", run.Var("number_result"));
        Assert.Equal("\"number\"", run.Var("number_type"));
        Assert.Equal("\"hello\"", run.Var("text_result"));
        Assert.Equal("2", run.Var("list_b"));
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task ReturnWithNoValueOrNoReturnLeavesReturnValueUnset(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "execute_return");

        // Each of these follows an execute that did set return_value.
        Assert.Equal("\"undefined\"", run.Var("empty_type"));
        Assert.Equal("\"undefined\"", run.Var("falls_off_type"));
        Assert.Null(run.Var("return_value"));
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task OnReturnRunsAfterTheReturnThenTheNextStep(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "execute_on_return");

        Assert.Equal(
            new[] { "main[0] execute", "lookup[0] play", "lookup[1] return", "main[0/on_return/0] play", "main[0/on_return/1] set", "main[1] play" },
            run.Trace);
        Assert.Equal(new[] { "say: looking up", "say: on_return sees found", "say: next step" }, run.Handler.Played);
        Assert.Equal("\"found\"", run.Var("seen"));
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task ResultAsAListIsACondOnReturnValueRunAfterOnReturn(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "execute_result_cond");

        Assert.Equal(
            new[]
            {
                "main[0] execute", "answer[0] return", "main[0/on_return/0] play", "main[0/result[0].then/0] play",
                "main[1] execute", "answer[0] return", "main[1/result[1].else/0] play",
                "main[2] execute", "silent[0] play",
                "main[3] play",
            },
            run.Trace);
        Assert.Equal(new[] { "say: on_return first", "say: result yes", "say: result else", "say: silent", "say: done" }, run.Handler.Played);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task ResultAsAMappingIsASwitchOnReturnValueOrItsVariable(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "execute_result_switch");

        Assert.Equal(
            new[]
            {
                "main[0] execute", "answer[0] set", "answer[1] return", "main[0/result.case.5/0] play",
                "main[1] execute", "answer[0] set", "answer[1] return", "main[1/result.default/0] play",
                "main[2] execute", "answer[0] set", "answer[1] return", "main[2/result.case.happy/0] play",
                "main[3] execute", "silent[0] play",
                "main[4] play",
            },
            run.Trace);
        Assert.Equal(new[] { "say: five", "say: default for 7", "say: mood is happy", "say: silent", "say: done" }, run.Handler.Played);
        Assert.Null(run.Result.ScriptError);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AReturnInsideABranchLeavesTheWholeSubroutine(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "return_from_branch");

        Assert.Equal(new[] { "main[0] execute", "sub[0] cond", "sub[0/[0].then/0] return", "main[1] play" }, run.Trace);
        Assert.Equal(new[] { "say: back with early" }, run.Handler.Played);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task ExecuteToAUrlRunsTheDocumentItAnswersAsASubroutine(string kind)
    {
        var handler = new RecordingHandler().Serve(SubUrl, SubDocument);
        var run = await TestFlows.RunAsync(kind, "execute_url", handler, CallOptions);

        Assert.Equal(FlowEndReason.Completed, run.Result.Reason);

        // The fetched document's steps are traced with its own section names (its main is not this one's).
        Assert.Equal(
            new[] { "main[0] set", "main[1] execute", "main[0] play", "main[1] execute", "helper[0] play", "main[2] return", "main[2] play" },
            run.Trace);
        Assert.Equal(new[] { "say: remote sees 12345 and vip", "say: remote helper", "say: back with 12345" }, run.Handler.Played);
        Assert.Equal("12345", run.Var("return_value"));
        Assert.Null(run.Result.ScriptError);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task TheUrlIsPostedCallVarsEnvsAndTheStepsParams(string kind)
    {
        var handler = new RecordingHandler().Serve(SubUrl, SubDocument);
        var run = await TestFlows.RunAsync(kind, "execute_url", handler, CallOptions);

        var fetch = Assert.Single(run.Handler.Fetches);
        Assert.Equal(SubUrl, fetch.Url);
        Assert.Equal(
            """{"call":{"call_id":"c-1","from":"+15550001111","to":"+15550002222","type":"phone"},"vars":{"caller_note":"vip"},"envs":{"region":"eu"},"params":{"id":"12345","who":"+15550001111"}}""",
            fetch.Body);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task SecretEnvsArePostedMaskedTheFlowsOwnAndTheConfiguredOnes(string kind)
    {
        // SIP_PASSWORD is the flow's sip_refer password (a later step); API_TOKEN is named by the host.
        var handler = new RecordingHandler().Serve(SubUrl, SubDocument);
        var options = new FlowRunOptions
        {
            Envs = TestJson.Object("""{"SIP_PASSWORD": "s3cret", "API_TOKEN": "t0ken", "region": "eu"}"""),
            SecretEnvironmentNames = new[] { "API_TOKEN" },
        };
        var run = await TestFlows.RunAsync(kind, "execute_secret_envs", handler, options);

        var fetch = Assert.Single(run.Handler.Fetches);
        Assert.Equal("""{"SIP_PASSWORD":"***","API_TOKEN":"***","region":"eu"}""", JsonNode.Parse(fetch.Body)!["envs"]!.ToJsonString());
        Assert.Equal("main[1] sip_refer", run.Trace[^1]);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AFetchedDocumentsSecretEnvsAreMaskedInTheFetchesAfterIt(string kind)
    {
        // The first document fetched uses API_TOKEN in a URL's user:password@; the second fetch masks it.
        var handler = new RecordingHandler()
            .Serve(SubUrl, """
                version: 1.0.0
                sections:
                  main:
                    - execute:
                        dest: "https://bot:${envs.API_TOKEN}@flows.example.com/again"
                """)
            .Serve("https://bot:t0ken@flows.example.com/again", """{"version": "1.0.0", "sections": {"main": []}}""");
        var options = new FlowRunOptions { Envs = TestJson.Object("""{"API_TOKEN": "t0ken", "region": "eu"}""") };
        var run = await TestFlows.RunAsync(kind, "execute_url", handler, options);

        Assert.Equal(2, run.Handler.Fetches.Count);
        Assert.Equal("""{"API_TOKEN":"t0ken","region":"eu"}""", JsonNode.Parse(run.Handler.Fetches[0].Body)!["envs"]!.ToJsonString());
        Assert.Equal("""{"API_TOKEN":"***","region":"eu"}""", JsonNode.Parse(run.Handler.Fetches[1].Body)!["envs"]!.ToJsonString());
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task JavaScriptInAFetchedDocumentSeesItsNotYetSetVariablesAsUndefined(string kind)
    {
        // The main flow's own not-yet-set names are undefined (see ExpressionTests); a fetched document's should be too.
        var handler = new RecordingHandler().Serve(SubUrl, """
            version: 1.0.0
            sections:
              main:
                - set:
                    remote_check: "${remote_only == null}"
                - set:
                    remote_only: set late
            """);
        var run = await TestFlows.RunAsync(kind, "execute_url", handler, CallOptions);

        Assert.Null(run.Result.ScriptError);
        Assert.Equal("true", run.Var("remote_check"));
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AUrlThatFailsIsAnErrorAndTheFlowGoesOn(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "execute_url", options: CallOptions);

        Assert.Equal(FlowEndReason.Completed, run.Result.Reason);
        Assert.Equal(new[] { "main[0] set", "main[1] execute", "main[2] play" }, run.Trace);
        Assert.Equal($"relay_script_method_execute_failed: fetching {SubUrl}: 404 Not Found: {SubUrl}", run.Result.ScriptError);
        Assert.Equal(new[] { "say: back with " }, run.Handler.Played);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AUrlThatAnswersInvalidSwmlIsAParseErrorAndTheFlowGoesOn(string kind)
    {
        var handler = new RecordingHandler().Serve(SubUrl, "version: 1.0.0\nsections:\n  intro: []\n");
        var run = await TestFlows.RunAsync(kind, "execute_url", handler, CallOptions);

        Assert.Equal(new[] { "main[0] set", "main[1] execute", "main[2] play" }, run.Trace);
        Assert.StartsWith("relay_script_parse_error: ", run.Result.ScriptError);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task AComputedSectionThatDoesNotExistIsAnErrorAndTheFlowGoesOn(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "execute_computed_dest");

        Assert.Equal(
            new[] { "main[0] set", "main[1] execute", "main[2] set", "main[3] execute", "helper[0] play", "main[4] play" },
            run.Trace);
        Assert.Equal("relay_script_method_parameter_invalid_value: no section 'nowhere'", run.Result.ScriptError);
        Assert.Equal(new[] { "say: helper", "say: done" }, run.Handler.Played);
    }

    [Theory, ClassData(typeof(FlowKinds))]
    public async Task InlineJsonStepsRunAsASubroutine(string kind)
    {
        var run = await TestFlows.RunAsync(kind, "execute_inline");

        Assert.Equal(new[] { "main[0] execute", "main[0] play", "main[1] return", "main[1] play" }, run.Trace);
        Assert.Equal(new[] { "say: inline", "say: back with from inline" }, run.Handler.Played);
    }
}
