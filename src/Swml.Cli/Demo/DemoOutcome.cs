using System.Text.Json.Nodes;
using Swml.Runtime.Hosting;
using Swml.Runtime.Media;
using Swml.Sip.Media;

namespace Swml.Cli.Demo;

/// <summary>
/// What a demo run showed, and whether it is what its mode is about. The run is as expected (exit 0)
/// when all of these hold, with <c>R</c> = <c>success</c> (or <c>busy</c> with --target-busy):
/// carol answered alice's INVITE 200 (486); the flow's <c>sip_refer_result</c> is R; the app got the
/// callbacks <c>inProgress</c> then R; it got the execute POST, whose vars say R; and alice heard
/// the flow's announcement: at least half a second of sound over RTP.
/// </summary>
internal sealed record DemoOutcome(
    DemoSettings Settings,
    CallSummary? Summary,
    int? TargetStatus,
    IReadOnlyList<ReceivedCallback> Callbacks,
    IReadOnlyList<JsonObject> Executes,
    ReceivedAudio? Heard = null)
{
    private static readonly TimeSpan Announcement = TimeSpan.FromSeconds(0.5);

    private int ExpectedTargetStatus => Settings.TargetBusy ? 486 : 200;

    /// <summary>What differs from the mode's expectation; empty when the run is as expected.</summary>
    public IReadOnlyList<string> Differences
    {
        get
        {
            var expected = Settings.ExpectedResult;
            var differences = new List<string>();
            if (TargetStatus != ExpectedTargetStatus)
            {
                differences.Add($"carol's answer to alice was {TargetStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "never seen"}, not {ExpectedTargetStatus}");
            }

            if (Summary is null)
            {
                differences.Add("the flow never ended");
            }
            else if (Summary.SipReferResult != expected)
            {
                differences.Add($"sip_refer_result is {Summary.SipReferResult ?? "unset"}, not {expected}");
            }

            var states = Callbacks.Select(c => c.State ?? "(none)").ToArray();
            if (!states.SequenceEqual(["inProgress", expected]))
            {
                differences.Add($"the callbacks were [{string.Join(", ", states)}], not [inProgress, {expected}]");
            }

            if (Executes.Count != 1)
            {
                differences.Add($"the app got {Executes.Count} execute POSTs, not 1");
            }
            else if ((string?)Executes[0]["vars"]?["sip_refer_result"] != expected)
            {
                differences.Add($"the execute POST's vars.sip_refer_result is {(string?)Executes[0]["vars"]?["sip_refer_result"] ?? "missing"}, not {expected}");
            }

            if (Heard is not { } heard || heard.SoundDuration < Announcement)
            {
                differences.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"alice heard {(Heard?.SoundDuration ?? TimeSpan.Zero).TotalSeconds:0.0} s of sound, not the announcement{(SpeechSynthesis.IsInstalled ? string.Empty : $" ({SpeechSynthesis.InstallHint})")}"));
            }

            return differences;
        }
    }

    public bool AsExpected => Differences.Count == 0;

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The last line's words: what happened, in one sentence.</summary>
    public string Describe()
    {
        if (!AsExpected)
        {
            return $"NOT as expected{(Settings.TargetBusy ? " for --target-busy" : string.Empty)}: {string.Join("; ", Differences)}.";
        }

        var codes = Summary!.Vars;
        var refer = $"REFER {(string?)codes["sip_refer_response_code"]}, NOTIFY {(string?)codes["sip_refer_to_response_code"]}";
        return Settings.TargetBusy
            ? $"busy, as --target-busy expects: carol answered 486, sip_refer_result busy ({refer}); callbacks inProgress, busy; alice heard the announcement ({Seconds(Heard!.Value.SoundDuration)} s); the app's document ran after it."
            : $"transferred: alice reached carol, sip_refer_result success ({refer}); callbacks inProgress, success; alice heard the announcement ({Seconds(Heard!.Value.SoundDuration)} s); the app's document ran after it.";
    }
}
