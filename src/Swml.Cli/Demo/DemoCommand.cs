using System.CommandLine;

namespace Swml.Cli.Demo;

/// <summary>
/// <c>swml demo [--target-busy]</c>: a real SIP transfer on 127.0.0.1 with nothing to install, printed
/// as a timeline. Exit codes: 0 when the run showed what its mode is about, end to end (see
/// <see cref="DemoOutcome"/>); 1 when it did not, or did not finish within <see cref="DemoSettings.Timeout"/>;
/// 2 for a usage error, or when a local port could not be opened.
/// </summary>
public static class DemoCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var targetBusy = new Option<bool>("--target-busy")
        {
            Description = "carol answers the transferred call 486 Busy Here: shows the busy path (sip_refer_result busy), which then exits 0.",
        };
        var command = new Command(
            "demo",
            "Run a SIP transfer on 127.0.0.1: alice calls the seed flow, which REFERs her to carol; prints the SIP ladder, the flow's steps and the callbacks. "
            + "Exits 0 when the transfer succeeded (with --target-busy: when the flow reported busy), 1 otherwise or after 20 s.")
        {
            targetBusy,
        };
        command.SetAction((result, cancellationToken) => DemoRun.RunAsync(new DemoSettings(result.GetValue(targetBusy)), output, error, cancellationToken));
        return command;
    }
}

/// <summary>What <c>swml demo</c> was asked to do.</summary>
/// <param name="TargetBusy">carol rejects the transferred call with 486 Busy Here instead of answering it.</param>
public sealed record DemoSettings(bool TargetBusy = false)
{
    /// <summary>The whole run's bound; past it the demo stops everything and exits 1, saying what it was waiting for.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long carol rings before she answers (tests make her too slow for <see cref="Timeout"/>).</summary>
    internal TimeSpan TargetRingTime { get; init; }

    /// <summary>The sip_refer_result this mode is about.</summary>
    public string ExpectedResult => TargetBusy ? "busy" : "success";
}
