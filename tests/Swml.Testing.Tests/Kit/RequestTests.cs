using System.Text;
using System.Text.Json.Nodes;
using Swml.Runtime.Flow;

namespace Swml.Testing.Tests.Kit;

/// <summary>The request method through the kit's scripted HTTP (swml-spec-notes §2.1).</summary>
public sealed class RequestTests
{
    private const string Api = "https://api.example.com/lookup";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Request(string parameters) => $$"""
        sections:
          main:
            - request:
                {{parameters}}
            - play: {url: "say: ${request_result}"}
        """;

    [Fact]
    public async Task SuccessSetsTheVariablesAndSavesJsonFields()
    {
        var run = await SwmlTest.For(Request($"url: {Api}\n        method: GET\n        save_variables: true"))
            .WithHttp(h => h.When(Api).Returns(200, """{"number": {"home": "+15551230000"}, "ok": true}""", "application/json", new Dictionary<string, string> { ["X-Trace"] = "abc" }))
            .RunAsync(Ct);

        Assert.Equal("success", run.Variables["request_result"]);
        Assert.Equal("success", run.Variables["return_value"]);
        Assert.Equal(Api, run.Variables["request_url"]);
        Assert.Equal("200", run.Variables["request_response_code"]);
        Assert.Equal("abc", run.Variables["request_response_headers.x-trace"]);
        Assert.StartsWith("application/json", run.Variables["request_response_headers.content-type"], StringComparison.Ordinal);
        Assert.Equal("""{"number": {"home": "+15551230000"}, "ok": true}""", run.Variables["request_response_body"]);
        Assert.Equal("+15551230000", run.Variables["request_response.number.home"]);
        Assert.Equal(new[] { "say: success" }, run.Played);
        var request = Assert.Single(run.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Null(request.Body);
    }

    [Fact]
    public async Task WithoutSaveVariablesNothingIsSavedUnderRequestResponse()
    {
        var run = await SwmlTest.For(Request($"url: {Api}\n        method: GET"))
            .WithHttp(h => h.When(Api).ReturnsJson(new JsonObject { ["a"] = 1 }))
            .RunAsync(Ct);

        Assert.Equal("success", run.Variables["request_result"]);
        Assert.False(run.Variables.IsSet("request_response"));
    }

    [Fact]
    public async Task AnErrorStatusIsStillAResponse()
    {
        var run = await SwmlTest.For(Request($"url: {Api}\n        method: GET"))
            .WithHttp(h => h.When(Api).Returns(500, "oops"))
            .RunAsync(Ct);

        Assert.Equal("success", run.Variables["request_result"]);
        Assert.Equal("500", run.Variables["request_response_code"]);
        Assert.Equal("oops", run.Variables["request_response_body"]);
    }

    [Fact]
    public async Task AnObjectBodyIsSentAsJsonWithTheGivenHeaders()
    {
        var run = await SwmlTest.For(Request($"url: {Api}\n        method: POST\n        headers: {{X-Api-Key: k-1}}\n        body: {{caller: \"${{call.from}}\", n: 2}}"))
            .WithHttp(h => h.When("POST", Api).Returns(201))
            .RunAsync(Ct);

        Assert.Equal("201", run.Variables["request_response_code"]);
        var request = Assert.Single(run.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("k-1", request.Headers["X-Api-Key"]);
        Assert.Equal("application/json", request.ContentType);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["caller"] = "sip:alice@127.0.0.1", ["n"] = 2 }, request.Json), request.Body);
    }

    [Theory]
    [InlineData("'{\"a\": 1}'", "application/json")]
    [InlineData("'  [1, 2]'", "application/json")]
    [InlineData("'<a>1</a>'", "application/xml")]
    [InlineData("'a=1&b=2'", "application/x-www-form-urlencoded")]
    public async Task AStringBodysContentTypeIsGuessedFromItsFirstCharacter(string body, string contentType)
    {
        var run = await SwmlTest.For(Request($"url: {Api}\n        method: PUT\n        body: {body}"))
            .WithHttp(h => h.When(Api).Returns(204))
            .RunAsync(Ct);

        Assert.Equal(contentType, Assert.Single(run.Requests).ContentType);
    }

    [Fact]
    public async Task AGivenContentTypeWins()
    {
        var run = await SwmlTest.For(Request($"url: {Api}\n        method: POST\n        headers: {{Content-Type: text/csv}}\n        body: 'a,b'"))
            .WithHttp(h => h.When(Api).Returns(200))
            .RunAsync(Ct);

        var request = Assert.Single(run.Requests);
        Assert.Equal("text/csv", request.ContentType);
        Assert.Equal("a,b", request.Body);
    }

    [Fact]
    public async Task CredentialsInTheUrlBecomeBasicAuthAndLeaveTheUrl()
    {
        var run = await SwmlTest.For(Request("url: https://user:pa%40ss@api.example.com/lookup\n        method: GET"))
            .WithHttp(h => h.When(Api).Returns(200))
            .RunAsync(Ct);

        var request = Assert.Single(run.Requests);
        Assert.Equal(Api, request.Url);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:pa@ss")), request.Headers["Authorization"]);
        Assert.Equal(Api, run.Variables["request_url"]);
        Assert.DoesNotContain("pa%40ss", run.Variables.Vars.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANetworkErrorIsAFailedRequestNotAScriptError()
    {
        var run = await SwmlTest.For(Request($"url: {Api}\n        method: GET"))
            .WithHttp(h => h.When(Api).FailsWithNetworkError())
            .RunAsync(Ct);

        Assert.Equal(FlowEndReason.Completed, run.EndReason);
        Assert.Equal("failed", run.Variables["request_result"]);
        Assert.Equal("failed", run.Variables["return_value"]);
        Assert.Equal(Api, run.Variables["request_url"]);
        Assert.False(run.Variables.IsSet("request_response_code"));
        Assert.False(run.Variables.IsSet("request_response_body"));
        Assert.Null(run.ScriptError);
        Assert.Equal(new[] { "say: failed" }, run.Played);
    }

    [Fact]
    public async Task ATimeoutIsAFailedRequest()
    {
        var run = await SwmlTest.For(Request($"url: {Api}\n        method: GET\n        timeout: 2"))
            .WithHttp(h => h.When(Api).TimesOut())
            .RunAsync(Ct);

        Assert.Equal("failed", run.Variables["request_result"]);
    }

    [Fact]
    public async Task AFailureAfterASuccessLeavesNoStaleResponse()
    {
        const string swml = """
            sections:
              main:
                - request: {url: "https://api.example.com/a", method: GET, save_variables: true}
                - request: {url: "https://api.example.com/b", method: GET, save_variables: true}
            """;
        var run = await SwmlTest.For(swml)
            .WithHttp(h =>
            {
                h.When("https://api.example.com/a").ReturnsJson(new JsonObject { ["x"] = 1 });
                h.When("https://api.example.com/b").FailsWithNetworkError();
            })
            .RunAsync(Ct);

        Assert.Equal("failed", run.Variables["request_result"]);
        Assert.False(run.Variables.IsSet("request_response_code"));
        Assert.False(run.Variables.IsSet("request_response"));
        Assert.Equal(2, run.Requests.Count);
    }

    [Fact]
    public async Task TheBodyIsCutAt64KiBAndHeadersAt64()
    {
        var big = "a" + new string('é', 40_000); // byte 65,536 is the first half of an é
        var headers = Enumerable.Range(0, 80).ToDictionary(i => $"X-H{i:00}", i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var run = await SwmlTest.For(Request($"url: {Api}\n        method: GET"))
            .WithHttp(h => h.When(Api).Returns(200, big, "text/plain; charset=utf-8", headers))
            .RunAsync(Ct);

        var body = run.Variables["request_response_body"]!;
        Assert.Equal(1 + 32_767, body.Length); // 65,535 bytes: the é cut in half is left out, not mangled
        Assert.Equal("a" + new string('é', 32_767), body);
        Assert.Equal(64, run.Variables.Json("request_response_headers")!.AsObject().Count);
    }

    [Fact]
    public async Task AnUnscriptedUrlAnswers404()
    {
        var run = await SwmlTest.For(Request($"url: {Api}\n        method: DELETE")).RunAsync(Ct);

        Assert.Equal("404", run.Variables["request_response_code"]);
        Assert.Equal("DELETE", Assert.Single(run.Requests).Method);
    }

    [Fact]
    public async Task AnswersRepeatTheLastOne()
    {
        const string swml = """
            sections:
              main:
                - request: {url: "https://api.example.com/lookup", method: GET}
                - set: {first: "${request_response_code}"}
                - request: {url: "https://api.example.com/lookup", method: GET}
                - set: {second: "${request_response_code}"}
                - request: {url: "https://api.example.com/lookup", method: GET}
            """;
        var run = await SwmlTest.For(swml).WithHttp(h => h.When(Api).Returns(503).Returns(200)).RunAsync(Ct);

        Assert.Equal("503", run.Variables["first"]);
        Assert.Equal("200", run.Variables["second"]);
        Assert.Equal("200", run.Variables["request_response_code"]);
    }
}
