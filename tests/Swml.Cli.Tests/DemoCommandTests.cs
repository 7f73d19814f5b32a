using System.Text.Json.Nodes;
using Swml.Cli.Demo;

namespace Swml.Cli.Tests;

/// <summary>
/// <c>swml demo</c> in this process: three SIP parties and a Kestrel app on 127.0.0.1, the seed flow
/// compiled by the generator, and the timeline a person reads. (SwmlProcessTests runs it as the
/// swml program.)
/// </summary>
public sealed class DemoCommandTests
{
    // Arrows between the ladder's columns: alice | runtime | carol. One between neighbours is short;
    // alice's to carol crosses the runtime's line, so it is long.
    internal const string AliceToRuntime = @"\|--{0}-{{0,12}}>\|\s+\|";
    internal const string RuntimeToAlice = @"\|<-{0}-*\|\s+\|";
    internal const string AliceToCarol = @"\|--{0}-{{15,}}>\|";
    internal const string CarolToAlice = @"\|<-{0}-{{15,}}\|";

    [Fact]
    public void TheCallIsTransferredToCarolAndEveryPartyIsOnTheTimeline()
    {
        var (code, output, error) = Run("demo");

        Assert.True(code == 0, output + error);
        Assert.Empty(error);
        AssertTransferred(new DemoOutput(output));
    }

    [Fact]
    public void WithTheTargetBusyTheFlowReportsBusyAndTheDemoExitsZero()
    {
        var (code, output, error) = Run("demo", "--target-busy");

        Assert.True(code == 0, output + error);
        Assert.Empty(error);
        AssertBusy(new DemoOutput(output));
    }

    [Fact]
    public async Task PastItsTimeBoundTheDemoStopsEverythingAndSaysWhatItWasWaitingFor()
    {
        // carol rings on and on: the run is cut at its bound, and what happened until then is printed.
        var settings = new DemoSettings { Timeout = TimeSpan.FromSeconds(2), TargetRingTime = TimeSpan.FromMinutes(1) };
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await DemoRun.RunAsync(settings, output, error, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(1, code);
        var demo = new DemoOutput(output.ToString());
        demo.IndexOf(string.Format(CarolToAlice, "180 Ringing"), demo.IndexOf(string.Format(AliceToCarol, "INVITE")));
        Assert.StartsWith("outcome: NOT as expected: gave up after 2 s waiting for alice's call to carol. Exit 1", demo.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATimeBoundHitWhileStartingIsSaidToo()
    {
        var output = new StringWriter();

        var code = await DemoRun.RunAsync(new DemoSettings { Timeout = TimeSpan.FromMilliseconds(1) }, output, new StringWriter(), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(1, code);
        Assert.StartsWith("outcome: NOT as expected: gave up after 0.001 s waiting for ", new DemoOutput(output.ToString()).Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public void ARunThatMissesWhatItsModeIsAboutIsNotAsExpected()
    {
        var callbacks = new[] { new ReceivedCallback("msg_1", "inProgress", "202", null, "calling.call.refer"), new ReceivedCallback("msg_2", "success", "202", "200", "calling.call.refer") };
        var executes = new[] { new JsonObject { ["vars"] = new JsonObject { ["sip_refer_result"] = "success" } } };

        // A transfer that succeeded is not what --target-busy shows: it exits 1, saying why.
        // And two seconds of RTP that were all silence is no announcement.
        var silence = new Swml.Sip.Media.ReceivedAudio(TimeSpan.FromSeconds(2), TimeSpan.Zero, null);
        var outcome = new DemoOutcome(new DemoSettings(TargetBusy: true), null, 200, callbacks, executes, silence);

        Assert.False(outcome.AsExpected);
        Assert.Equal(
            new[]
            {
                "carol's answer to alice was 200, not 486",
                "the flow never ended",
                "the callbacks were [inProgress, success], not [inProgress, busy]",
                "the execute POST's vars.sip_refer_result is success, not busy",
            },
            outcome.Differences.Take(4));
        Assert.StartsWith("alice heard 0.0 s of sound, not the announcement", outcome.Differences[4], StringComparison.Ordinal);
        Assert.StartsWith("NOT as expected for --target-busy: carol's answer", outcome.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void ALongNoteWrapsAtWordsAndALongerWordIsCut()
    {
        Assert.Equal(new[] { "one two", "three", "fourf", "ive" }, TimelineWriter.Wrap("one two three fourfive", 7, 5));
    }

    /// <summary>What the default run shows: the ladder's key rows in order, the steps, the variables, the callbacks and the execute POST.</summary>
    internal static void AssertTransferred(DemoOutput demo)
    {
        AssertReadable(demo);
        var invite = demo.IndexOf(string.Format(AliceToRuntime, "INVITE"));
        var answer = demo.IndexOf(@"step\s+main\[0\] answer", invite);
        var referStep = demo.IndexOf(@"step\s+main\[1\] sip_refer to_uri=sip:carol@127\.0\.0\.1:\d+ status_url=http://127\.0\.0\.1:\d+/status", answer);
        var refer = demo.IndexOf(string.Format(RuntimeToAlice, "REFER"), referStep);
        var accepted = demo.IndexOf(string.Format(AliceToRuntime, "202 Accepted"), refer);
        var notify100 = demo.IndexOf(string.Format(AliceToRuntime, "NOTIFY 100"), accepted);
        var notify200 = demo.IndexOf(string.Format(AliceToRuntime, "NOTIFY 200"), notify100);
        var inviteCarol = demo.IndexOf(string.Format(AliceToCarol, "INVITE"), accepted);
        demo.IndexOf(string.Format(CarolToAlice, "200 OK"), inviteCarol);
        var set = demo.IndexOf(@"set\s+sip_refer_to=sip:carol@.* sip_refer_result=success, .*sip_refer_response_code=202, sip_refer_to_response_code=200", notify200);
        var play = demo.IndexOf(@"step\s+main\[2\] play urls=\[""say: Connected\. The SIP refer result is success""\]", set);
        var fetch = demo.IndexOf(@"step\s+execute/transfer: fetching the document of http://127\.0\.0\.1:\d+/next", play);
        var goodbye = demo.IndexOf(@"step\s+/next main\[0\] play urls=\[""say: Goodbye""\]", fetch);
        demo.IndexOf(@"step\s+/next main\[1\] hangup", goodbye);
        var bye = demo.IndexOf(string.Format(RuntimeToAlice, "BYE"), goodbye);

        // The announcement and the goodbye were heard: seconds of sound over RTP, well above silence.
        demo.IndexOf(@"demo\s+alice heard [1-9]\d*\.\d s of sound from the runtime in \d+\.\d s of RTP, at -\d+ dBFS: the announcement", bye);

        // inProgress goes when the REFER is accepted, with its 202: alice sends the 202 before her first
        // NOTIFY, and the runtime takes the 202 as it reads it.
        var inProgress = demo.IndexOf(@"app\s+POST /status: callback inProgress \(REFER 202\), webhook-id msg_\w+");
        demo.IndexOf(@"app\s+POST /status: callback success \(REFER 202, NOTIFY 200\), webhook-id msg_\w+", inProgress);
        demo.Row(@"app\s+POST /next \(execute\): vars", "sip_refer_result=success", "sip_refer_to_response_code=200", "answers play \"say: Goodbye\", hangup");
        demo.IndexOf(@"demo\s+alice hangs up her call with carol");
        demo.IndexOf(string.Format(AliceToCarol, "BYE"));

        Assert.StartsWith("outcome: transferred: alice reached carol, sip_refer_result success (REFER 202, NOTIFY 200)", demo.Outcome, StringComparison.Ordinal);
        Assert.Matches(@"alice heard the announcement \([1-9]\d*\.\d s\)", demo.Outcome);
        Assert.Contains("Exit 0", demo.Text, StringComparison.Ordinal);
    }

    /// <summary>What --target-busy shows: carol's 486 reported in the final NOTIFY, busy everywhere.</summary>
    internal static void AssertBusy(DemoOutput demo)
    {
        AssertReadable(demo);
        var inviteCarol = demo.IndexOf(string.Format(AliceToCarol, "INVITE"));
        demo.IndexOf(string.Format(CarolToAlice, "486 Busy Here"), inviteCarol);
        var notify486 = demo.IndexOf(string.Format(AliceToRuntime, "NOTIFY 486"), inviteCarol);
        demo.IndexOf(@"set\s+.*sip_refer_result=busy, .*sip_refer_to_response_code=486", notify486);
        demo.IndexOf(@"step\s+main\[2\] play urls=\[""say: Connected\. The SIP refer result is busy""\]");
        var inProgress = demo.IndexOf(@"app\s+POST /status: callback inProgress \(REFER 202\)");
        demo.IndexOf(@"app\s+POST /status: callback busy \(REFER 202, NOTIFY 486\)", inProgress);
        demo.Row(@"app\s+POST /next \(execute\): vars", "sip_refer_result=busy", "sip_refer_to_response_code=486");

        // No call with carol was made, so there is none to hang up.
        Assert.DoesNotContain(demo.Rows, r => r.Contains("alice hangs up", StringComparison.Ordinal));
        Assert.StartsWith("outcome: busy, as --target-busy expects: carol answered 486, sip_refer_result busy", demo.Outcome, StringComparison.Ordinal);
        Assert.Contains("Exit 0", demo.Text, StringComparison.Ordinal);
    }

    /// <summary>Every line fits in 100 columns, the columns are named, and times only grow.</summary>
    private static void AssertReadable(DemoOutput demo)
    {
        Assert.All(demo.Lines, l => Assert.True(l.Length <= 100, $"too wide ({l.Length}): {l}"));
        Assert.Contains(demo.Lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+time\s+alice\s+runtime\s+carol$"));
        var times = demo.Rows.Select(r => double.Parse(r.TrimStart()[1..r.TrimStart().IndexOf('s')], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(times.Order(), times);
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = SwmlCommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
