using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Swml.Tests.Http;

namespace Swml.EndToEnd.Tests.Infrastructure;

/// <summary>What the tests share: the REFER target, the password, the flow most of them run, and the Kestrel endpoint's helpers.</summary>
internal static class TestFlows
{
    /// <summary>The Refer-To of the SIPp callers' REFERs (nobody is called there: SIPp plays the transferee).</summary>
    public const string Target = "sip:carol@127.0.0.1:5999";

    /// <summary>The REFER password: caller_challenge_401.xml verifies the digest made with it.</summary>
    public const string Password = "Tr0ub4dor-e2e";

    /// <summary>
    /// A flow that answers and REFERs the caller to <see cref="Target"/>, then runs <paramref name="then"/>
    /// (YAML steps written as a list from column 0). With <paramref name="credentials"/>, the REFER
    /// answers a challenge as alice with envs.SIP_PASSWORD; with <paramref name="statusUrl"/>, it posts callbacks there.
    /// </summary>
    public static string AnswerAndRefer(string? statusUrl, string then, bool credentials = false)
    {
        var lines = new List<string> { "version: 1.0.0", "sections:", "  main:", "    - answer: {}", "    - sip_refer:", $"        to_uri: \"{Target}\"" };
        if (credentials)
        {
            lines.Add("        username: alice");
            lines.Add("        password: \"${envs.SIP_PASSWORD}\"");
        }

        if (statusUrl is not null)
        {
            lines.Add($"        status_url: \"{statusUrl}\"");
        }

        lines.AddRange(then.ReplaceLineEndings("\n").Split('\n').Select(line => "    " + line));
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>
    /// answer, sip_refer (credentials from envs.SIP_PASSWORD, callbacks to <paramref name="statusUrl"/>),
    /// then a set and a play: the steps that show the flow goes on after the REFER.
    /// </summary>
    public static string AnswerReferAndGoOn(string statusUrl) => AnswerAndRefer(statusUrl, credentials: true, then: """
        - set:
            seen_after_refer: "${sip_refer_result}"
        - play:
            url: "say: the transfer ended with ${sip_refer_result}"
        """);

    /// <summary>The trace of <see cref="AnswerReferAndGoOn"/> run to its end.</summary>
    public static readonly string[] AnswerReferAndGoOnTrace = { "main[0] answer", "main[1] sip_refer", "main[2] set", "main[3] play" };

    /// <summary>An answer of 200 with no body.</summary>
    public static Task Ok(HttpContext context, ReceivedRequest request) => Task.CompletedTask;

    /// <summary>The JSON bodies received on <paramref name="path"/>, in order of arrival.</summary>
    public static IReadOnlyList<JsonObject> Bodies(TestHttpServer http, string path) =>
        http.Received.Where(r => r.PathAndQuery == path).Select(r => JsonNode.Parse(r.Body)!.AsObject()).ToArray();

    /// <summary>The params.state of each status callback received on <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> States(TestHttpServer http, string path = "/status") =>
        Bodies(http, path).Select(b => b["params"]!["state"]!.GetValue<string>()).ToArray();
}
