using Swml.Runtime.Flow;

namespace Swml.Testing.Tests.Kit;

/// <summary>answer, play, hangup, sleep and the far end hanging up, on the fake call.</summary>
public sealed class CallTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PlayedUrlsAreRecordedInOrder()
    {
        const string swml = """
            sections:
              main:
                - play: {url: "https://cdn.example.com/welcome.wav"}
                - play:
                    urls: ["say: one", "silence: 1", "ring:us"]
                - play: {url: "say: from ${call.from}"}
            """;

        var run = await SwmlTest.For(swml).RunAsync(Ct);

        Assert.Equal(new[] { "https://cdn.example.com/welcome.wav", "say: one", "silence: 1", "ring:us", "say: from sip:alice@127.0.0.1" }, run.Played);
        Assert.True(run.Call.IsAnswered); // play answers by default
    }

    [Fact]
    public async Task PlayWithoutAutoAnswerLeavesTheCallUnanswered()
    {
        var run = await SwmlTest.For("""
            sections:
              main:
                - play: {url: "say: early media", auto_answer: false}
            """).RunAsync(Ct);

        Assert.False(run.Call.IsAnswered);
        Assert.Equal(new[] { "say: early media" }, run.Played);
    }

    [Fact]
    public async Task AnswerSetsAnswerResult()
    {
        var run = await SwmlTest.For("""
            sections:
              main:
                - answer: {}
            """).RunAsync(Ct);

        Assert.Equal("success", run.Variables["answer_result"]);
        Assert.True(run.Call.IsAnswered);
    }

    [Fact]
    public async Task AFailedPlayIsAScriptErrorAndTheFlowGoesOn()
    {
        const string swml = """
            sections:
              main:
                - play: {url: "https://cdn.example.com/missing.wav"}
                - play: {url: "say: after"}
            """;

        var run = await SwmlTest.For(swml).WithCall(c => c.Play.Fails("https://cdn.example.com/missing.wav", "404 from the media server")).RunAsync(Ct);

        Assert.Contains("404 from the media server", run.ScriptError, StringComparison.Ordinal);
        Assert.Equal(new[] { "https://cdn.example.com/missing.wav", "say: after" }, run.Played);
    }

    [Fact]
    public async Task PlayingAnUnsetVariableFails()
    {
        var run = await SwmlTest.For("""
            sections:
              main:
                - set: {systems: x}
                - unset: systems
                - play: {url: "say:${systems}"}
            """).RunAsync(Ct);

        Assert.NotNull(run.ScriptError);
    }

    [Fact]
    public async Task TheFarEndHangingUpDuringAPlayEndsTheFlow()
    {
        const string swml = """
            sections:
              main:
                - play: {url: "say: one"}
                - play: {url: "say: two"}
                - play: {url: "say: three"}
            """;

        var run = await SwmlTest.For(swml).WithCall(c => c.HangsUpDuring("play", occurrence: 2)).RunAsync(Ct);

        Assert.Equal(FlowEndReason.HungUp, run.EndReason);
        Assert.Equal(new[] { "say: one", "say: two" }, run.Played);
        Assert.True(run.Call.FarEndHungUp);
        Assert.Null(run.Call.HangupReason);
    }

    [Fact]
    public async Task HangupEndsTheCallWithItsReason()
    {
        var run = await SwmlTest.For("""
            sections:
              main:
                - hangup: {reason: busy}
                - play: {url: "say: never"}
            """).RunAsync(Ct);

        Assert.Equal(FlowEndReason.HungUp, run.EndReason);
        Assert.Equal("busy", run.Call.HangupReason);
        Assert.False(run.Call.FarEndHungUp);
        Assert.Empty(run.Played);
    }

    [Fact]
    public async Task SleepPassesOnTheTestClockAtOnce()
    {
        var started = DateTime.UtcNow;
        var run = await SwmlTest.For("""
            sections:
              main:
                - sleep: 60000
                - play: {url: "say: a minute later"}
                - sleep: {duration: 500}
            """).WithCall(c => c.Play.Takes(TimeSpan.FromSeconds(3))).RunAsync(Ct);

        Assert.Equal(TimeSpan.FromSeconds(63.5), run.Clock.Elapsed);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.Equal(FlowEndReason.Completed, run.EndReason);
    }

    [Fact]
    public async Task AFarEndHangUpInTimeCutsALongSleep()
    {
        var run = await SwmlTest.For("""
            sections:
              main:
                - play: {url: "say: hold on"}
                - sleep: 3600000
                - play: {url: "say: never"}
            """).WithCall(c => c.HangsUpAfter(TimeSpan.FromMinutes(5))).RunAsync(Ct);

        Assert.Equal(FlowEndReason.Cancelled, run.EndReason); // the engine was waiting when the call went away
        Assert.Equal(TimeSpan.FromMinutes(5), run.Clock.Elapsed);
        Assert.Equal(new[] { "say: hold on" }, run.Played);
        Assert.True(run.Call.FarEndHungUp);
    }

    [Fact]
    public async Task AFarEndHangUpInTimeCutsALongPlay()
    {
        var run = await SwmlTest.For("""
            sections:
              main:
                - play: {url: "say: long"}
                - play: {url: "say: never"}
            """).WithCall(c => c.Play.Takes(TimeSpan.FromMinutes(1))).WithCall(c => c.HangsUpAfter(TimeSpan.FromSeconds(30))).RunAsync(Ct);

        Assert.Equal(FlowEndReason.HungUp, run.EndReason);
        Assert.Equal(new[] { "say: long" }, run.Played);
    }

    [Fact]
    public async Task AMethodWithoutAHandlerIsAScriptErrorNamingIt()
    {
        var run = await SwmlTest.For("""
            sections:
              main:
                - send_digits: {digits: "123"}
                - play: {url: "say: after"}
            """).RunAsync(Ct);

        Assert.Contains("send_digits", run.ScriptError, StringComparison.Ordinal);
        Assert.Contains("the SipRefer runtime does not run it", run.ScriptError, StringComparison.Ordinal);
        Assert.Contains("IMethodHandler", run.ScriptError, StringComparison.Ordinal);
        Assert.Equal(new[] { "say: after" }, run.Played);
    }

    [Fact]
    public async Task CallFieldsCanBeScripted()
    {
        var run = await SwmlTest.For("""
            sections:
              main:
                - play: {url: "say: ${call.from} to ${call.to} via ${call.type}"}
            """).WithCall(c => c.From("sip:+15550001@carrier.example").To("sip:support@example.com").WithInfo("type", "phone")).RunAsync(Ct);

        Assert.Equal(new[] { "say: sip:+15550001@carrier.example to sip:support@example.com via phone" }, run.Played);
    }
}
