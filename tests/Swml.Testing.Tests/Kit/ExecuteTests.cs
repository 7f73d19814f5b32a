using System.Text;
using System.Text.Json.Nodes;
using Swml.Runtime.Flow;

namespace Swml.Testing.Tests.Kit;

/// <summary>execute and transfer to URLs that answer with documents.</summary>
public sealed class ExecuteTests
{
    private const string Url = "https://app.example.com/swml/next";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteRunsTheFetchedDocumentAndGetsItsReturnBack()
    {
        const string main = """
            sections:
              main:
                - set: {greeting: hello}
                - execute:
                    dest: https://app.example.com/swml/next
                    params: {lang: en, n: 12345}
                - play: {url: "say: got ${return_value}"}
            """;
        const string fetched = """
            version: 1.0.0
            sections:
              main:
                - play: {url: "say: ${greeting} in ${params.lang}"}
                - return: sub-done
            """;

        var run = await SwmlTest.For(main).WithDocument(Url, fetched).RunAsync(Ct);

        Assert.Equal(FlowEndReason.Completed, run.EndReason);
        Assert.Equal(new[] { "say: hello in en", "say: got sub-done" }, run.Played);
        Assert.Equal("sub-done", run.Variables["return_value"]);
        Assert.Equal(new[] { "set", "execute", "play", "return", "play" }, run.Methods);

        var request = Assert.Single(run.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(Url, request.Url);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        var body = request.Json!.AsObject();
        Assert.Equal(FakeCall.DefaultCallId, body["call"]!["call_id"]!.GetValue<string>());
        Assert.Equal("hello", body["vars"]!["greeting"]!.GetValue<string>());
        Assert.Equal("en", body["params"]!["lang"]!.GetValue<string>());
        Assert.True(body.ContainsKey("envs"));
    }

    [Fact]
    public async Task AJsonDocumentWorksToo()
    {
        const string main = """{"sections": {"main": [{"execute": {"dest": "https://app.example.com/swml/next"}}, {"play": {"url": "say: ${return_value}"}}]}}""";
        const string fetched = """{"version": "1.0.0", "sections": {"main": [{"return": {"a": 1}}]}}""";

        var run = await SwmlTest.For(main).WithDocument(Url, fetched).RunAsync(Ct);

        Assert.True(JsonNode.DeepEquals(new JsonObject { ["a"] = 1 }, run.Variables.Json("return_value")));
    }

    [Fact]
    public async Task TransferGoesToTheFetchedDocumentAndNeverComesBack()
    {
        const string main = """
            sections:
              main:
                - transfer: {dest: "https://user:pw@app.example.com/swml/next"}
                - play: {url: "say: never"}
            """;
        const string fetched = """
            sections:
              main:
                - play: {url: "say: transferred"}
            """;

        var run = await SwmlTest.For(main).WithDocument(Url, fetched).RunAsync(Ct);

        Assert.Equal(new[] { "say: transferred" }, run.Played);
        var request = Assert.Single(run.Requests);
        Assert.Equal(Url, request.Url);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:pw")), request.Headers["Authorization"]);
    }

    [Fact]
    public async Task AUrlThatFailsIsAScriptErrorAndTheFlowGoesOn()
    {
        const string main = """
            sections:
              main:
                - execute: {dest: "https://app.example.com/swml/next"}
                - play: {url: "say: after"}
            """;

        var run = await SwmlTest.For(main).WithHttp(h => h.When(Url).Returns(500, "broken")).RunAsync(Ct);

        Assert.Contains("relay_script_method_execute_failed", run.ScriptError, StringComparison.Ordinal);
        Assert.Contains("500", run.ScriptError, StringComparison.Ordinal);
        Assert.Equal(new[] { "say: after" }, run.Played);
    }

    [Fact]
    public async Task ADocumentWithErrorsIsAParseError()
    {
        const string main = """
            sections:
              main:
                - execute: {dest: "https://app.example.com/swml/next"}
            """;

        var run = await SwmlTest.For(main).WithDocument(Url, "sections: {other: []}").RunAsync(Ct);

        Assert.StartsWith("relay_script_parse_error", run.ScriptError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFetchedDocumentCanReferToo()
    {
        const string main = """
            sections:
              main:
                - execute: {dest: "https://app.example.com/swml/next"}
                - play: {url: "say: back"}
            """;
        const string fetched = """
            sections:
              main:
                - sip_refer: {to_uri: "sip:desk@example.com", status_url: "https://hooks.example.com/r"}
                - play: {url: "say: ${sip_refer_result}"}
            """;

        var run = await SwmlTest.For(main)
            .WithDocument(Url, fetched)
            .WithCall(c => c.Refer.Accepts().ThenNotifies(180, 480))
            .RunAsync(Ct);

        Assert.Equal(new[] { "say: noAnswer", "say: back" }, run.Played);
        Assert.Equal(new[] { "inProgress", "noAnswer" }, run.Callbacks.Select(c => c.State));
    }
}
