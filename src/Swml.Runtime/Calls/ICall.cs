using System.Text.Json.Nodes;
using Swml.Runtime.Steps;
using Swml.Sip.Events;

namespace Swml.Runtime.Calls;

/// <summary>
/// A live call as the step handlers need it. The SIP adapter implements it over a real dialog;
/// Swml.Testing implements it with a scripted fake. Every method returns once the far end's
/// answer is known: none of them may hang when the peer does not cooperate (REFER and NOTIFY
/// waits have timers, a challenge without credentials is a failure).
/// </summary>
public interface ICall
{
    /// <summary>The <c>call.*</c> fields: call_id, node_id, from, to, direction, type, project_id, space_id, segment_id, headers...</summary>
    JsonObject Info { get; }

    /// <summary>Whether the call has been answered (an outbound call is answered once connected).</summary>
    bool IsAnswered { get; }

    /// <summary>Cancelled when the call ends, whichever side ended it.</summary>
    CancellationToken Ended { get; }

    /// <summary>Answers the call; false when it could not be answered.</summary>
    Task<bool> AnswerAsync(AnswerArguments arguments, CancellationToken cancellationToken);

    /// <summary>Plays the URLs in order and returns when playback has finished, failed, or the call ended.</summary>
    Task<PlayResult> PlayAsync(PlayArguments arguments, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a REFER in the call's dialog and follows it to a final result (or a timeout, or the
    /// end of the call), returning what was seen on the wire; <see cref="ReferOutcomes.Classify"/>
    /// makes the SWML outcome of it. Acceptance and each NOTIFY are reported through
    /// <paramref name="progress"/>, synchronously and in order, before the returned task completes.
    /// </summary>
    Task<ReferResult> ReferAsync(ReferOptions options, IProgress<ReferProgress>? progress, CancellationToken cancellationToken);

    /// <summary>Ends the call with a reason: hangup, busy or decline.</summary>
    Task HangupAsync(string reason, CancellationToken cancellationToken);
}

/// <summary>How a play ended.</summary>
public readonly record struct PlayResult
{
    private PlayResult(PlayStatus status, string? error)
    {
        Status = status;
        Error = error;
    }

    public PlayStatus Status { get; }

    /// <summary>Why playback failed, for <see cref="PlayStatus.Failed"/>.</summary>
    public string? Error { get; }

    public static PlayResult Finished { get; } = new(PlayStatus.Finished, null);

    public static PlayResult CallEnded { get; } = new(PlayStatus.CallEnded, null);

    public static PlayResult Failed(string error) => new(PlayStatus.Failed, error);

    public override string ToString() => Error is null ? Status.ToString() : $"{Status}: {Error}";
}

public enum PlayStatus
{
    Finished,
    Failed,
    CallEnded,
}
