using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Swml.EndToEnd.Tests.Infrastructure;
using Swml.Tests.Http;

namespace Swml.EndToEnd.Tests;

/// <summary>
/// The calling.call.refer status callbacks of a REFER made by <c>swml run</c>, as a real HTTP
/// endpoint (Kestrel) receives them: every field of design.md's body and the Standard Webhooks
/// headers; and delivery when the endpoint refuses the first attempts with 503.
/// </summary>
public sealed class StatusCallbackTests
{
    private const string ProjectId = "project-e2e";
    private const string SpaceId = "space-e2e";
    private const string NodeId = "node-e2e";

    private static readonly string[] Identity = { "--project-id", ProjectId, "--space-id", SpaceId, "--node-id", NodeId };

    [Fact(Timeout = 40_000)]
    public async Task EachCallbackCarriesTheFieldsOfDesignMdInProgressThenOneFinalState()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var http = await TestHttpServer.StartAsync(TestFlows.Ok);
        var flow = TestFlows.AnswerAndRefer(http.BaseUrl + "/status", then: """
            - set:
                segment: "${call.segment_id}"
            """);
        var before = UnixSeconds();

        var run = await SippCall.RunAsync(flow, "caller_success.xml", Identity, ct);

        var after = UnixSeconds();
        Assert.True(run.SippExit == 0, run.Describe());
        var call = run.Call;
        var received = http.Received;
        Assert.Equal(2, received.Count);
        foreach (var request in received)
        {
            Assert.Equal("POST", request.Method);
            Assert.Equal("/status", request.PathAndQuery);
            Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
            Assert.Matches("^msg_[0-9a-f]{32}$", request.Headers["webhook-id"]);
            var stamp = long.Parse(request.Headers["webhook-timestamp"], CultureInfo.InvariantCulture);
            Assert.InRange(stamp, (long)before - 1, (long)after + 1);
            Assert.False(request.Headers.ContainsKey("webhook-signature"), "no signing secret is configured");
            Assert.False(request.Headers.ContainsKey("Authorization"), "the status URL has no credentials");
        }

        Assert.NotEqual(received[0].Headers["webhook-id"], received[1].Headers["webhook-id"]);
        var bodies = received.Select(r => JsonNode.Parse(r.Body)!.AsObject()).ToArray();
        var times = new List<double>();
        foreach (var body in bodies)
        {
            Assert.Equal(new[] { "event_channel", "event_type", "params", "project_id", "space_id", "timestamp" }, body.Select(p => p.Key).Order(StringComparer.Ordinal));
            Assert.Equal("calling.call.refer", Text(body, "event_type"));
            Assert.Equal("swml:" + call.CallId, Text(body, "event_channel"));
            Assert.Equal(ProjectId, Text(body, "project_id"));
            Assert.Equal(SpaceId, Text(body, "space_id"));

            // Float Unix seconds: a JSON number with a fraction, within the run.
            var timestamp = body["timestamp"]!;
            Assert.Equal(JsonValueKind.Number, timestamp.GetValueKind());
            Assert.Matches(@"^\d{10}\.\d+$", timestamp.ToJsonString());
            Assert.InRange(timestamp.GetValue<double>(), before, after);
            times.Add(timestamp.GetValue<double>());

            var parameters = body["params"]!.AsObject();
            Assert.Equal(call.CallId, Text(parameters, "call_id"));
            Assert.Equal(NodeId, Text(parameters, "node_id"));
            Assert.Equal(TestFlows.Target, Text(parameters, "sip_refer_to"));
            Assert.Equal("202", Text(parameters, "sip_refer_response_code"));
            Assert.Equal(call.Var("segment"), Text(parameters, "segment_id"));
            Assert.True(Guid.TryParse(Text(parameters, "segment_id"), out _), parameters.ToJsonString());
        }

        Assert.True(times[0] <= times[1], $"the callbacks' timestamps go forward: {times[0]} then {times[1]}");
        var inProgress = bodies[0]["params"]!.AsObject();
        var final = bodies[1]["params"]!.AsObject();
        Assert.Equal("inProgress", Text(inProgress, "state"));

        // Posted when the 202 came; a NOTIFY 100 may have come too by then.
        Assert.Subset(new HashSet<string> { "call_id", "node_id", "sip_refer_to", "state", "sip_refer_response_code", "sip_notify_response_code", "segment_id" }, inProgress.Select(p => p.Key).ToHashSet());
        Assert.True(!inProgress.ContainsKey("sip_notify_response_code") || Text(inProgress, "sip_notify_response_code") == "100", inProgress.ToJsonString());
        Assert.Equal("success", Text(final, "state"));
        Assert.Equal("200", Text(final, "sip_notify_response_code"));
        Assert.Equal(new[] { "call_id", "node_id", "segment_id", "sip_notify_response_code", "sip_refer_response_code", "sip_refer_to", "state" }, final.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(2, run.Report.Delivered);
    }

    [Fact(Timeout = 40_000)]
    public async Task CallbacksRefusedWith503ArriveLaterInOrderAndEachIsDeliveredOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var answered = new ConcurrentQueue<(string Id, string State, int Status)>();
        var attempts = 0;
        await using var http = await TestHttpServer.StartAsync((context, request) =>
        {
            var status = Interlocked.Increment(ref attempts) <= 2 ? 503 : 200;
            context.Response.StatusCode = status;
            var state = JsonNode.Parse(request.Body)!["params"]!["state"]!.GetValue<string>();
            answered.Enqueue((request.Headers["webhook-id"], state, status));
            return Task.CompletedTask;
        });

        // The sleep keeps the call up while the first callback is retried (backoff from 1 s); swml
        // run then drains what is left for up to 5 s before it exits.
        var flow = TestFlows.AnswerAndRefer(http.BaseUrl + "/status", then: """
            - sleep: 2500
            - play:
                url: "say: ${sip_refer_result}"
            """);

        var run = await SippCall.RunAsync(flow, "caller_success.xml", Identity, ct);

        Assert.True(run.SippExit == 0, run.Describe());
        Assert.Equal(new[] { "main[0] answer", "main[1] sip_refer", "main[2] sleep", "main[3] play" }, run.Call.Trace);
        var log = answered.ToArray();
        var because = string.Join("\n", log) + "\n" + run.SwmlOutput;
        Assert.True(log.Select(a => a.Status).SequenceEqual(new[] { 503, 503, 200, 200 }), because);

        // In order: the inProgress, refused twice then delivered, and only then the final state.
        Assert.True(log.Select(a => a.State).SequenceEqual(new[] { "inProgress", "inProgress", "inProgress", "success" }), because);
        Assert.Single(log.Take(3).Select(a => a.Id).Distinct()); // the same webhook-id on every retry
        Assert.NotEqual(log[0].Id, log[3].Id);
        Assert.All(log.GroupBy(a => a.Id), g => Assert.Single(g, a => a.Status == 200)); // each acknowledged once
        Assert.Single(http.Received.Take(3).Select(r => r.Body).Distinct()); // a retry sends the same event

        Assert.Equal(2, run.Report.Delivered);
        Assert.Equal(0, run.Report.GivenUp);
        Assert.Equal(0, run.Report.Dropped);
        Assert.Matches(new Regex($@"Status callback {log[0].Id} to http://127\.0\.0\.1:\d+/status failed \(503\); retry 2"), run.SwmlOutput);
        Assert.Contains("callbacks 2 delivered, 0 given up, 0 dropped", run.SwmlOutput);
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static double UnixSeconds() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
}
