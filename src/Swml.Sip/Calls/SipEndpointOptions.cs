using System.Net;
using Microsoft.Extensions.Logging;
using Swml.Sip.Message;
using Swml.Sip.Transactions;

namespace Swml.Sip.Calls;

/// <summary>How a <see cref="SipEndpoint"/> listens and behaves.</summary>
public sealed class SipEndpointOptions
{
    /// <summary>
    /// Where UDP and TCP listen (port 0 picks a free one for both). A wildcard (0.0.0.0, ::) listens
    /// on every interface; what peers are told is <see cref="AdvertisedAddress"/>.
    /// </summary>
    public IPEndPoint EndPoint { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>
    /// The address written where peers must reach us (Via, Contact, our URI, SDP <c>c=</c>/<c>o=</c>)
    /// in place of the bound one: a NAT's public address, a container's host. By default the bound
    /// address, or for a wildcard the first up non-loopback interface's address.
    /// </summary>
    public IPAddress? AdvertisedAddress { get; init; }

    /// <summary>
    /// Our certificate (with its private key) for SIP over TLS: with it we listen for TLS on
    /// <see cref="TlsEndPoint"/> and our Contact over TLS is a <c>sips:</c> URI. Without it we can
    /// still call <c>sips:</c> targets, but peers cannot open TLS connections to us.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? TlsCertificate { get; init; }

    /// <summary>Where TLS listens: by default our address at the next port (5061 for 5060), or a free one when the port is chosen.</summary>
    public IPEndPoint? TlsEndPoint { get; init; }

    /// <summary>
    /// How a TLS server's certificate is checked when we connect: the system's validation (a trusted
    /// chain, the name of the URI's host) unless this callback is given, for a private CA or a test.
    /// </summary>
    public System.Net.Security.RemoteCertificateValidationCallback? TlsServerValidation { get; init; }

    /// <summary>The port written with <see cref="AdvertisedAddress"/> when a NAT or container maps another; the bound port by default.</summary>
    public int? AdvertisedPort { get; init; }

    /// <summary>
    /// The session interval we ask for and accept at most (RFC 4028): a call is refreshed within it,
    /// and one whose peer stops refreshing (vanished without a BYE) is ended with a BYE. 30 minutes
    /// by default; <see cref="TimeSpan.Zero"/> turns session timers off (and "timer" out of Supported).
    /// </summary>
    public TimeSpan SessionExpires { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The shortest session interval we accept (Min-SE, RFC 4028 §5): a shorter one gets 422. At least 90 s.</summary>
    public TimeSpan MinSessionExpires { get; init; } = TimeSpan.FromSeconds(global::Swml.Sip.Calls.SessionExpires.Floor);

    /// <summary>The user part of our own URI and Contact.</summary>
    public string User { get; init; } = "swml";

    public string? DisplayName { get; init; }

    public string UserAgent { get; init; } = "SipRefer";

    public SipTimers Timers { get; init; } = SipTimers.Default;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public SipParserOptions ParserOptions { get; init; } = SipParserOptions.Default;

    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>
    /// Called with every SIP message sent and received, retransmissions included, on the thread
    /// that sends or reads it: keep it short and never block (hand the entry to a queue). Null
    /// (the default) costs nothing; a tracer costs a parse of each message sent.
    /// </summary>
    public Action<Transactions.SipTraceEntry>? Trace { get; init; }

    /// <summary>How long a transferee's NOTIFYs are still answered 200 after the call ended (RFC 5057: the subscription outlives the INVITE usage).</summary>
    public TimeSpan NotifyGraceAfterHangup { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>When the call ends during a transfer, how long a final NOTIFY may still decide the outcome (it may cross the BYE).</summary>
    public TimeSpan FinalNotifySettle { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether a REFER received in a call is taken (RFC 3515): REFER is then in Allow, and each one
    /// goes to <see cref="SipCall.Refers"/> for the application to accept or reject. Off by default:
    /// a REFER gets 405 Method Not Allowed.
    /// </summary>
    public bool AcceptRefers { get; init; }

    /// <summary>
    /// How long the application has to accept or reject a REFER before the stack answers it
    /// 603 Decline itself; keep it under the sender's Timer F (64*T1, 32 s), after which it gives up.
    /// </summary>
    public TimeSpan ReferAnswerTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the subscription of an accepted REFER lasts (the expires of Subscription-State,
    /// RFC 6665 §4.2.2). Reported with no final result by then, it ends with a NOTIFY
    /// terminated;reason=timeout carrying the last status. Long enough for the referred call to ring out.
    /// </summary>
    public TimeSpan ReferSubscriptionDuration { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// When set, each incoming call (its INVITE already answered 100 Trying) is handed to this
    /// handler in a thread-pool work item of its own, instead of waiting for
    /// <see cref="SipEndpoint.AcceptAsync"/>: a server saves the hop from its accept loop to the
    /// call's task, one of the few thread wake-ups a call costs. The handler owns the call (ring,
    /// answer or reject it) and may block only its own call (none, with
    /// <see cref="UnsafePreferInlineScheduling"/>, which calls it inline); an exception it throws is logged.
    /// </summary>
    public Action<IncomingCall>? IncomingCallHandler { get; init; }

    /// <summary>
    /// For applications that never block: their code runs on the thread that read the message or
    /// fired the timer, instead of a thread-pool work item. <see cref="IncomingCallHandler"/> is
    /// called there, and an awaited call (accept, answer, dial, REFER, hangup, <see cref="SipCall.Ended"/>)
    /// continues there, as do <see cref="SipCall.EndedToken"/>'s registrations and
    /// <see cref="SipCall.AudioChanged"/>. That saves the thread wake-ups that are most of a call's
    /// cost on few cores (<c>bench/results/sip-load.md</c>). Off by default.
    /// </summary>
    /// <remarks>
    /// Unsafe as Kestrel's option of the same name is: code that blocks there (a <c>.Result</c>, a
    /// synchronous read, a lock held long, heavy work) stalls every call of the endpoint, and a
    /// UDP endpoint drops datagrams meanwhile. Await asynchronous work, or move blocking work off
    /// with <see cref="Task.Run(Action)"/>.
    /// </remarks>
    public bool UnsafePreferInlineScheduling { get; init; }

    /// <summary>
    /// Whether calls have RTP: <see cref="CallMediaMode.Rtp"/> (the default) binds a UDP port per
    /// call, from <see cref="RtpPorts"/>, for <see cref="SipCall.PlayAsync"/> and the peer's audio;
    /// <see cref="CallMediaMode.SignalingOnly"/> opens none (load tests, signalling-only uses) and
    /// the SDP still names a port.
    /// </summary>
    public CallMediaMode Media { get; init; } = CallMediaMode.Rtp;

    /// <summary>The UDP ports calls' RTP may use; each call takes one even port.</summary>
    public Media.RtpPortRange RtpPorts { get; init; } = global::Swml.Sip.Media.RtpPortRange.Default;

    /// <summary>
    /// Symmetric RTP (RFC 4961): send to where the peer's RTP comes from, once it comes, rather than
    /// to its SDP address: the address a peer behind NAT can be reached at. On by default.
    /// </summary>
    public bool SymmetricRtp { get; init; } = true;

    /// <summary>
    /// How many incoming calls may wait to be taken: queued for <see cref="SipEndpoint.AcceptAsync"/>,
    /// or handed to <see cref="IncomingCallHandler"/> and not yet started. Beyond it a new INVITE
    /// gets 503 with Retry-After (RFC 3261 §21.5.4), so a stalled application sheds load instead of
    /// holding INVITEs until the callers give up.
    /// </summary>
    public int MaxWaitingCalls { get; init; } = 1_000;

    /// <summary>
    /// A TCP connection that carries no message either way for this long is closed (a peer's CRLF
    /// keep-alives count); either side opens a new one when it next has something to send.
    /// <see cref="Timeout.InfiniteTimeSpan"/> keeps connections until the peer closes them.
    /// </summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The Retry-After, in seconds, of the 503 given beyond <see cref="MaxWaitingCalls"/>.</summary>
    public int OverloadRetryAfterSeconds { get; init; } = 5;
}

/// <summary>How to place a call.</summary>
public sealed class DialOptions
{
    /// <summary>UDP unless the target URI says transport=tcp or this says TCP.</summary>
    public Transport.TransportProtocol? Transport { get; init; }

    /// <summary>A proxy every request of the call goes through first (an outbound proxy, put in Route with lr).</summary>
    public string? OutboundProxy { get; init; }

    /// <summary>Digest credentials for 401/407 challenges of this call's requests.</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Give up (CANCEL) when the call is not answered within this time.</summary>
    public TimeSpan AnswerTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = Array.Empty<(string, string)>();

    /// <summary>
    /// The INVITE's provisional responses (180 Ringing, 183...) as they come, on the thread that read
    /// them: keep the handler short (<see cref="Progress{T}"/> posts it elsewhere by itself).
    /// </summary>
    public IProgress<SipResponse>? Provisional { get; init; }

    /// <summary>A copy that also reports provisional responses to <paramref name="provisional"/> and carries <paramref name="headers"/>.</summary>
    internal DialOptions With(IProgress<SipResponse> provisional, IEnumerable<(string Name, string Value)> headers) => new()
    {
        Transport = Transport,
        OutboundProxy = OutboundProxy,
        Username = Username,
        Password = Password,
        AnswerTimeout = AnswerTimeout,
        Headers = Headers.Concat(headers).ToArray(),
        Provisional = Provisional is { } theirs ? new BothProgress(theirs, provisional) : provisional,
    };

    private sealed class BothProgress(IProgress<SipResponse> first, IProgress<SipResponse> second) : IProgress<SipResponse>
    {
        public void Report(SipResponse value)
        {
            first.Report(value);
            second.Report(value);
        }
    }
}

/// <summary>A call could not be placed: the final status it got (408 for a timeout).</summary>
public sealed class SipCallFailedException : Exception
{
    public SipCallFailedException(int statusCode, string reason)
        : base($"The call failed: {statusCode} {reason}") => StatusCode = statusCode;

    public int StatusCode { get; }
}

/// <summary>Whether an endpoint's calls carry RTP.</summary>
public enum CallMediaMode
{
    /// <summary>A UDP port per call: audio is sent and the peer's is read.</summary>
    Rtp,

    /// <summary>No RTP socket: SIP only.</summary>
    SignalingOnly,
}
