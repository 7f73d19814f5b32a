using Acme.Flows;
using Swml.Runtime.Flow;
using Swml.Testing;

namespace Acme.CallFlows.Tests;

/// <summary>The refer_and_report flow: answer, announce, REFER to support, then act on the result.</summary>
public sealed class ReferAndReportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASuccessfulTransferHangsUpAndReportsInProgressThenSuccess()
    {
        var flow = new ReferAndReport();

        var run = await SwmlTest.For(flow)
            .WithCall(c => c.Refer.Accepts().ThenNotifies(100, 200))
            .RunAsync(Ct);

        Assert.Equal("success", flow.SipReferResult);
        Assert.Equal("202", flow.SipReferResponseCode);
        Assert.Equal("200", flow.SipReferToResponseCode);
        Assert.Equal(new[] { "say: Transferring you now." }, run.Played);
        Assert.Equal("sip:support@example.com", Assert.Single(run.Refers).ToUri);
        Assert.Equal(new[] { "inProgress", "success" }, run.Callbacks.Select(c => c.State));
        Assert.All(run.Callbacks, c => Assert.Equal("https://example.com/refer-status", c.Url));
        Assert.Equal(FlowEndReason.HungUp, run.EndReason);
        Assert.Equal(
            new[] { "main[0] answer", "main[1] play", "main[2] sip_refer", "main[3] switch", "main[3/case.success/0] hangup" },
            run.Trace.Select(t => t.ToString()));
    }

    [Fact]
    public async Task ABusyTargetIsAnnouncedAndTheCallHungUp()
    {
        var flow = new ReferAndReport();

        var run = await SwmlTest.For(flow)
            .WithCall(c => c.Refer.Accepts().ThenNotifies(100, 486))
            .RunAsync(Ct);

        Assert.Equal("busy", flow.SipReferResult);
        Assert.Equal("486", flow.SipReferToResponseCode);
        Assert.Equal(new[] { "say: Transferring you now.", "say: Support is busy." }, run.Played);
        Assert.Equal(new[] { "inProgress", "busy" }, run.Callbacks.Select(c => c.State));
        Assert.Equal(FlowEndReason.HungUp, run.EndReason);
    }

    [Fact]
    public async Task ARejectedReferSaysWhyWithTheCodeItGot()
    {
        var flow = new ReferAndReport();

        var run = await SwmlTest.For(flow)
            .WithCall(c => c.Refer.Rejects(603))
            .RunAsync(Ct);

        Assert.Equal("error", flow.SipReferResult);
        Assert.Equal("603", flow.SipReferResponseCode);
        Assert.Null(flow.SipReferToResponseCode);

        // No NOTIFY, so no code: the unset variable interpolates as an empty string.
        Assert.Equal("say: The transfer failed with .", run.Played.Last());
        Assert.Equal(new[] { "error" }, run.Callbacks.Select(c => c.State));
    }

    [Fact]
    public async Task ATargetThatDoesNotAnswerIsReportedAsNoAnswer()
    {
        var flow = new ReferAndReport();

        var run = await SwmlTest.For(flow)
            .WithCall(c => c.Refer.Accepts().ThenNotifies(100, 480))
            .RunAsync(Ct);

        Assert.Equal("noAnswer", flow.SipReferResult);
        Assert.Equal("say: The transfer failed with 480.", run.Played.Last());
    }

    [Fact]
    public async Task TheCallbacksCarryTheCallAndNeverAPassword()
    {
        var run = await SwmlTest.For(new ReferAndReport())
            .WithCall(c => c.Refer.Accepts().ThenNotifies(200))
            .RunAsync(Ct);

        var final = run.Callbacks.Last();
        Assert.Equal("calling.call.refer", final.Body["event_type"]!.GetValue<string>());
        Assert.Equal("sip:support@example.com", final.Body["params"]!["sip_refer_to"]!.GetValue<string>());
        Assert.Equal("200", final.Body["params"]!["sip_notify_response_code"]!.GetValue<string>());
        Assert.DoesNotContain("password", final.Body.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }
}
