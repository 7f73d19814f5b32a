namespace Swml.Runtime.Hosting;

/// <summary>
/// How a <see cref="SwmlServer"/> serves calls. Bound from the configuration section "Swml" by
/// <see cref="SwmlServiceCollectionExtensions.AddSwml"/>.
/// </summary>
public sealed class SwmlServerOptions
{
    /// <summary>The address and port the SIP endpoint listens on, UDP and TCP: "127.0.0.1:5060".</summary>
    public string Listen { get; set; } = "127.0.0.1:5060";

    /// <summary>
    /// The address peers reach us at, written in Via, Contact and SDP instead of the listening one:
    /// a NAT's public address, a container's host ("203.0.113.5", or "203.0.113.5:5060" when the
    /// port is mapped too). By default the listening address, or an interface's for 0.0.0.0.
    /// </summary>
    public string? Advertise { get; set; }

    /// <summary>
    /// The UDP ports calls' RTP may use, "FIRST-LAST" (each call takes an even one, so the range
    /// carries half as many calls as it has ports); 20000-39999 when unset.
    /// </summary>
    public string? RtpPorts { get; set; }

    /// <summary>
    /// A file for the status callbacks' outbox (SQLite): each callback is recorded before its first
    /// attempt, and what a run that died or stopped left is delivered at the next start with its
    /// webhook-id. Unset, callbacks live in memory only. A file that is not a readable outbox stops
    /// the start.
    /// </summary>
    public string? CallbackOutbox { get; set; }

    /// <summary>Speaks play's say: text; espeak-ng (where installed) when unset.</summary>
    public Media.ISpeechSynthesizer? SpeechSynthesizer { get; set; }

    /// <summary>
    /// Our certificate for SIP over TLS: a PEM file holding the certificate and its unencrypted key,
    /// or a PKCS#12 file (.pfx/.p12) without a password. With it, TLS listens on <see cref="TlsListen"/>.
    /// </summary>
    public string? TlsCertificate { get; set; }

    /// <summary>Where SIP over TLS listens ("127.0.0.1:5061"); by default the next port after <see cref="Listen"/>'s.</summary>
    public string? TlsListen { get; set; }

    /// <summary>The user part of our SIP URI (Contact, From of the calls we place).</summary>
    public string User { get; set; } = "swml";

    /// <summary>This node's name in call.node_id and the callbacks' node_id.</summary>
    public string NodeId { get; set; } = Environment.MachineName;

    /// <summary>SignalWire's project id, for call.project_id and the callbacks.</summary>
    public string? ProjectId { get; set; }

    /// <summary>SignalWire's space id, for call.space_id and the callbacks.</summary>
    public string? SpaceId { get; set; }

    /// <summary>The flow of calls whose request-URI user names no flow; with one flow registered, that one.</summary>
    public string? DefaultFlow { get; set; }

    /// <summary>Calls served at once; an INVITE beyond them gets 503 Service Unavailable with Retry-After.</summary>
    public int MaxConcurrentCalls { get; set; } = 500;

    /// <summary>
    /// Runs the flows on the SIP stack's own threads instead of handing every step's result to the
    /// thread pool (<see cref="Swml.Sip.Calls.SipEndpointOptions.UnsafePreferInlineScheduling"/>):
    /// a call then costs several thread wake-ups less. The runtime's own steps never block; set it
    /// only when the method handlers you register never block either (await their I/O, move heavy
    /// work off with Task.Run), or every call stalls behind them. Off by default; <c>swml run</c>,
    /// which runs no code but its own, turns it on.
    /// </summary>
    public bool UnsafePreferInlineScheduling { get; set; }

    /// <summary>The Retry-After of a 503, in seconds.</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>On stop, how long running flows may still take before their calls are hung up.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an execute or transfer URL may take to answer with a document.</summary>
    public TimeSpan DocumentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest document an execute or transfer URL may answer with, read before any parsing.</summary>
    public int MaxDocumentBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a sip_refer waits for the first NOTIFY once its REFER is accepted.</summary>
    public TimeSpan ReferFirstNotifyTimeout { get; set; } = TimeSpan.FromSeconds(32);

    /// <summary>How long a sip_refer waits for the final NOTIFY once its REFER is accepted.</summary>
    public TimeSpan ReferFinalNotifyTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>The envs.* every flow sees.</summary>
    public Dictionary<string, string> Envs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Names of <see cref="Envs"/> that hold secrets, sent masked to execute and transfer URLs.
    /// Those a flow uses as a password or in a URL's user:password@ are treated so without being
    /// named here; name those that only a fetched document uses.
    /// </summary>
    public List<string> SecretEnvs { get; set; } = new();
}
