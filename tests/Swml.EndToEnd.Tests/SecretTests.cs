using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Swml.EndToEnd.Tests.Infrastructure;
using Swml.Tests.Http;

namespace Swml.EndToEnd.Tests;

/// <summary>
/// One password, given to <c>swml run</c> in --env and used three ways: the REFER's digest
/// credentials (which SIPp verifies), a status_url's user:password@ (literal in the file) and an
/// execute URL's user:password@ (from the env). It must show nowhere but where it is due: not in
/// swml's output at any level, not in what the HTTP endpoint receives (but the Basic credential of
/// a user:password@ URL, on the requests to that URL only), not in SIP, not in the report.
/// </summary>
public sealed class SecretTests
{
    private const string Password = TestFlows.Password;

    [Fact(Timeout = 40_000)]
    public async Task ThePasswordIsNowhereButInTheCredentialsOfItsOwnRequests()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var http = await TestHttpServer.StartAsync(Endpoint);

        var run = await SippCall.RunAsync(Flow(http.BaseUrl), "caller_challenge_401.xml", new[] { "--env", "SIP_PASSWORD=" + Password }, ct);

        // SIPp verified the digest: the password was used where it is due.
        Assert.True(run.SippExit == 0, run.Describe());
        var call = run.Call;
        Assert.Equal("success", call.SipReferResult);
        Assert.Equal("yes", call.Var("document_ran"));

        // Not in any line swml printed (ladder, steps with their arguments, callbacks, warnings, summary).
        Assert.Contains("warning SWML0502", run.SwmlOutput); // the literal password in status_url is flagged...
        Assert.DoesNotContain(Password, run.SwmlOutput); // ...without being shown
        Assert.Contains("step main[1] sip_refer", run.SwmlOutput);
        Assert.DoesNotContain(Basic("status-user"), run.SwmlOutput);
        Assert.DoesNotContain(Basic("exec-user"), run.SwmlOutput);

        // Not in SIP: only the digest of it.
        Assert.DoesNotContain(Password, run.SippMessages);

        // Not in the report: script_error names the URL that failed, without its credentials.
        Assert.DoesNotContain(Password, run.Report.Text);
        Assert.True(call.ScriptError is { } error && error.Contains("/broken", StringComparison.Ordinal) && error.Contains("answered 500", StringComparison.Ordinal), call.ScriptError);
        Assert.DoesNotContain("exec-user", call.ScriptError);

        // What the endpoint received: each URL with credentials got its own Basic credential, the others none.
        var received = http.Received;
        // (The callbacks are delivered beside the flow, so their order among the others is not fixed.)
        Assert.Equal(new[] { "/broken", "/document", "/plain", "/status", "/status" }, received.Select(r => r.PathAndQuery).Order(StringComparer.Ordinal));
        foreach (var request in received)
        {
            var expected = request.PathAndQuery switch
            {
                "/status" => Basic("status-user"),
                "/document" or "/broken" => Basic("exec-user"),
                _ => null,
            };
            Assert.True(request.Headers.GetValueOrDefault("Authorization") == expected, $"{request.PathAndQuery}: Authorization {request.Headers.GetValueOrDefault("Authorization")}");
            Assert.DoesNotContain(request.Headers, h => h.Value.Contains(Password, StringComparison.Ordinal));

            // The execute POSTs carry envs, where the flow's password env is masked.
            Assert.DoesNotContain(Password, request.Body);
        }

        // The credentials of one URL never go to another: a request to /plain carries none.
        Assert.DoesNotContain(received.Where(r => r.PathAndQuery == "/plain"), r => r.Headers.ContainsKey("Authorization"));
    }

    /// <summary>
    /// The flow uses SIP_PASSWORD as a password, so envs carries it masked; a --secret-env that
    /// the flow never names is masked too, and a plain --env is sent as it is.
    /// </summary>
    [Fact(Timeout = 40_000)]
    public async Task TheExecuteBodyCarriesSecretEnvsMasked()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var http = await TestHttpServer.StartAsync(Endpoint);

        var run = await SippCall.RunAsync(
            Flow(http.BaseUrl),
            "caller_challenge_401.xml",
            new[] { "--env", "SIP_PASSWORD=" + Password, "--secret-env", "API_TOKEN=" + Password + "-token", "--env", "REGION=eu-west" },
            ct);

        Assert.True(run.SippExit == 0, run.Describe());
        Assert.All(http.Received, r => Assert.DoesNotContain(Password, r.Body));
        var document = http.Received.First(r => r.PathAndQuery == "/document");
        var envs = JsonNode.Parse(document.Body)!["envs"]!.AsObject();
        Assert.Equal("***", (string?)envs["SIP_PASSWORD"]);
        Assert.Equal("***", (string?)envs["API_TOKEN"]);
        Assert.Equal("eu-west", (string?)envs["REGION"]);
    }

    /// <summary>
    /// REFER with the env's password, callbacks to a status_url with the password literal in it,
    /// an execute URL with it from the env (which runs), another (which fails: 500), then a
    /// request to a URL without credentials that posts what the flow knows.
    /// </summary>
    private static string Flow(string baseUrl)
    {
        var authority = new Uri(baseUrl).Authority;
        return TestFlows.AnswerAndRefer($"http://status-user:{Password}@{authority}/status", credentials: true, then: $$"""
            - execute:
                dest: "http://exec-user:${envs.SIP_PASSWORD}@{{authority}}/document"
            - execute:
                dest: "http://exec-user:${envs.SIP_PASSWORD}@{{authority}}/broken"
            - request:
                url: "http://{{authority}}/plain"
                method: POST
                body:
                  refer: "${sip_refer_result}"
                  error: "${script_error}"
            - play:
                url: "say: ${sip_refer_result}"
            """);
    }

    private static async Task Endpoint(HttpContext context, ReceivedRequest request)
    {
        switch (request.PathAndQuery)
        {
            case "/document":
                context.Response.ContentType = "application/yaml";
                await context.Response.WriteAsync("version: 1.0.0\nsections:\n  main:\n    - set:\n        document_ran: \"yes\"\n", context.RequestAborted);
                break;
            case "/broken":
                context.Response.StatusCode = 500;
                break;
        }
    }

    private static string Basic(string user) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + Password));
}
