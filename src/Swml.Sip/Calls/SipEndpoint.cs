using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Swml.Sip.Auth;
using Swml.Sip.Events;
using Swml.Sip.Media;
using Swml.Sip.Message;
using Swml.Sip.Transactions;
using Swml.Sip.Transport;

namespace Swml.Sip.Calls;

/// <summary>
/// A SIP user agent on one address and port (UDP and TCP): it takes incoming calls
/// (<see cref="AcceptAsync"/>) and places calls (<see cref="DialAsync"/>). Everything below —
/// transports, transactions, dialogs — is its own; a call is then a <see cref="SipCall"/>.
/// </summary>
public sealed partial class SipEndpoint : ISipCore, IAsyncDisposable
{
    /// <summary>
    /// The methods we take, REFER aside: we send REFER, but take one only when
    /// <see cref="SipEndpointOptions.AcceptRefers"/> is on (see <see cref="Allow"/>); otherwise it gets 405.
    /// </summary>
    public const string AllowedMethods = "INVITE, ACK, CANCEL, BYE, OPTIONS, NOTIFY, INFO, UPDATE";

    private readonly TransportLayer _transport;
    private readonly Channel<IncomingCall> _incoming;
    private readonly ConcurrentDictionary<string, SipCall> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EndedCall> _ended = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IncomingCall> _ringing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (SipRequest Ack, TransportEndPoint To)> _acks = new(StringComparer.Ordinal);
    private readonly Lazy<(NameAddress Udp, NameAddress Tcp, NameAddress Tls, string UdpText, string TcpText, string TlsText)> _contacts;
    // §8.2.1 before §8.2.2: a method we do not take gets 405, whatever it requires.
    private readonly HashSet<string> _allowed;
    // Calls offered to the application and not yet taken (AcceptAsync, or the handler's work item started).
    private int _waitingCalls;
    private int _rtpPort = 20_000 + (Random.Shared.Next(0, 5_000) * 2);
    private MediaClock? _mediaClock;
    private bool _draining;

    private SipEndpoint(SipEndpointOptions options)
    {
        Options = options;
        _incoming = Channel.CreateUnbounded<IncomingCall>(new UnboundedChannelOptions { AllowSynchronousContinuations = options.UnsafePreferInlineScheduling });
        Logger = options.LoggerFactory?.CreateLogger("Swml.Sip") ?? NullLogger.Instance;
        Transactions = new TransactionLayer(this, options.Timers, options.Time, Logger) { Trace = options.Trace };
        _transport = TransportLayer.Start(options.EndPoint, Transactions, options.ParserOptions, Logger, options.Time, options.TcpIdleTimeout, new TlsSettings(options.TlsCertificate, options.TlsServerValidation), options.TlsEndPoint);
        Transactions.Attach(_transport);
        AdvertisedEndPoint = Transport.AdvertisedAddress.For(_transport.EndPoint, options.AdvertisedAddress, options.AdvertisedPort);
        Transactions.AdvertisedEndPoint = AdvertisedEndPoint;
        _contacts = new(MakeContacts);
        Allow = options.AcceptRefers ? AllowedMethods + ", " + SipMethods.Refer : AllowedMethods;
        Supported = string.Join(", ", new[]
        {
            options.AcceptRefers ? ReceivedRefer.NoReferSub : null,
            SessionTimersOn ? SessionExpires.OptionTag : null,
        }.Where(tag => tag is not null));
        _allowed = new HashSet<string>(Allow.Split(", "), StringComparer.Ordinal);
    }

    public SipEndpointOptions Options { get; }

    /// <summary>Whether calls run RFC 4028 session timers (<see cref="SipEndpointOptions.SessionExpires"/> is not zero).</summary>
    internal bool SessionTimersOn => Options.SessionExpires > TimeSpan.Zero;

    /// <summary>Our Min-SE in whole seconds, never under RFC 4028's 90.</summary>
    internal int MinSessionSeconds => Math.Max(SessionExpires.Floor, (int)Options.MinSessionExpires.TotalSeconds);

    /// <summary>The Allow header value we send (RFC 3261 §20.5): <see cref="AllowedMethods"/>, with REFER when we take it.</summary>
    public string Allow { get; }

    /// <summary>
    /// The option tags we support (RFC 3261 §20.37), sent as Supported in INVITEs, their 2xx and
    /// OPTIONS answers: <c>timer</c> (RFC 4028) unless session timers are off, and <c>norefersub</c>
    /// (RFC 4488) when we take REFERs; never 100rel. A request that requires any other tag gets 420.
    /// </summary>
    public string Supported { get; }

    /// <summary>The address and port UDP and TCP listen on.</summary>
    public IPEndPoint EndPoint => _transport.EndPoint;

    /// <summary>Where TLS listens, or null without <see cref="SipEndpointOptions.TlsCertificate"/>.</summary>
    public IPEndPoint? TlsEndPoint => Options.TlsCertificate is null ? null : _transport.Tls.EndPoint;

    /// <summary>
    /// Where peers reach us, as we write it in Via, Contact, our URI and SDP: see
    /// <see cref="SipEndpointOptions.AdvertisedAddress"/>. Never a wildcard.
    /// </summary>
    public IPEndPoint AdvertisedEndPoint { get; }

    /// <summary>Our address of record, e.g. sip:swml@127.0.0.1:5060.</summary>
    public SipUri Uri => SipUri.Create(SipHost.Format(AdvertisedEndPoint.Address), Options.User, AdvertisedEndPoint.Port);

    /// <summary>Calls in progress (and ended ones still answering late NOTIFYs).</summary>
    public int CallCount => _calls.Count + _ended.Count;

    /// <summary>Incoming calls neither answered nor ended yet (ringing, or answered and awaiting the ACK), for tests and diagnostics.</summary>
    public int RingingCount => _ringing.Count;

    internal TransactionLayer Transactions { get; }

    internal ILogger Logger { get; }

    /// <summary>Credentials for calls we answer (used when their requests are challenged); none by default.</summary>
    internal DigestAuthenticator? CallAuthenticator => null;

    public static SipEndpoint Start(SipEndpointOptions? options = null) => new(options ?? new SipEndpointOptions());

    /// <summary>The next incoming call (its INVITE already got 100 Trying).</summary>
    /// <remarks>At most <see cref="SipEndpointOptions.MaxWaitingCalls"/> wait here; later INVITEs get 503.</remarks>
    /// <exception cref="InvalidOperationException">The options give an <see cref="SipEndpointOptions.IncomingCallHandler"/>, which takes every call.</exception>
    public ValueTask<IncomingCall> AcceptAsync(CancellationToken cancellationToken = default) =>
        Options.IncomingCallHandler is null
            ? TakeAsync(cancellationToken)
            : throw new InvalidOperationException("Incoming calls go to the IncomingCallHandler of the options, not to AcceptAsync.");

    /// <summary>Whether a TCP or TLS connection to the end point is open now.</summary>
    internal bool HasConnection(TransportEndPoint to) => _transport.HasConnection(to);

    /// <summary>Our Contact for a transport (made once: it goes into most messages we send).</summary>
    internal NameAddress Contact(TransportProtocol protocol) => protocol switch
    {
        TransportProtocol.Udp => _contacts.Value.Udp,
        TransportProtocol.Tcp => _contacts.Value.Tcp,
        _ => _contacts.Value.Tls,
    };

    /// <summary>The Contact header value for a transport.</summary>
    internal string ContactValue(TransportProtocol protocol) => protocol switch
    {
        TransportProtocol.Udp => _contacts.Value.UdpText,
        TransportProtocol.Tcp => _contacts.Value.TcpText,
        _ => _contacts.Value.TlsText,
    };

    private (NameAddress Udp, NameAddress Tcp, NameAddress Tls, string UdpText, string TcpText, string TlsText) MakeContacts()
    {
        var uri = Uri;
        var udp = new NameAddress(uri);
        var tcp = new NameAddress(uri.WithParameter("transport", "tcp"));

        // RFC 5630: over TLS we are a sips: URI, at the TLS port (as advertised when a port is mapped).
        var tlsPort = Options.AdvertisedPort is null && TlsEndPoint is { } listening ? listening.Port : AdvertisedEndPoint.Port;
        var tls = new NameAddress(SipUri.Parse($"sips:{Options.User}@{SipHost.Format(AdvertisedEndPoint.Address)}:{tlsPort}"));
        return (udp, tcp, tls, udp.ToString(), tcp.ToString(), tls.ToString());
    }

    /// <summary>
    /// A new call's media: an RTP socket bound from <see cref="SipEndpointOptions.RtpPorts"/>, or,
    /// signalling only, an even port number for the SDP with nothing behind it.
    /// </summary>
    /// <exception cref="RtpPortsExhaustedException">Every port of the range is taken.</exception>
    internal CallMedia NewCallMedia()
    {
        if (Options.Media == CallMediaMode.SignalingOnly)
        {
            var port = Interlocked.Add(ref _rtpPort, 2);
            return new CallMedia(AdvertisedEndPoint.Address, 20_000 + (port % 20_000));
        }

        var rtp = RtpStream.Open(EndPoint.Address, Options.RtpPorts, MediaClock, Logger, Options.SymmetricRtp);
        return new CallMedia(AdvertisedEndPoint.Address, rtp.LocalPort, rtp);
    }

    /// <summary>The beat every playing call sends to; made with the first call that has RTP.</summary>
    internal MediaClock MediaClock => LazyInitializer.EnsureInitialized(ref _mediaClock, () => new MediaClock(Options.Time, Logger));

    internal SipResponse MethodNotAllowed(SipRequest request)
    {
        var response = SipResponse.CreateFor(request, 405, "Method Not Allowed");
        return response.WithHeaders(response.Headers.Add(HeaderNames.Allow, Allow));
    }

    internal void Register(SipCall call, IncomingCall? answering)
    {
        _calls[Key(call.CallId, call.Dialog.LocalTag, call.Dialog.RemoteTag)] = call;
        if (answering is not null)
        {
            _ringing[Key(call.CallId, call.Dialog.LocalTag, call.Dialog.RemoteTag)] = answering;
        }
    }

    /// <summary>An incoming call that got a final failure (rejected, 488, cancelled): nothing will come for it but the ACK the transaction absorbs.</summary>
    internal void ForgetRinging(IncomingCall incoming) =>
        _ringing.TryRemove(new KeyValuePair<string, IncomingCall>(Key(incoming.CallId, incoming.LocalTag, incoming.Invite.From.Tag ?? string.Empty), incoming));

    /// <summary>
    /// An ended call stays registered a while, so the transferee's late NOTIFYs still get 200
    /// (RFC 5057): whole while its transfers may still take a final NOTIFY (the settle time), then
    /// as a small <see cref="EndedCall"/> for the rest of the grace period.
    /// </summary>
    internal void OnCallEnded(SipCall call)
    {
        var key = Key(call.CallId, call.Dialog.LocalTag, call.Dialog.RemoteTag);
        _ringing.TryRemove(key, out _);
        _acks.TryRemove(call.CallId, out _);
        var grace = Options.NotifyGraceAfterHangup;
        var settle = Options.FinalNotifySettle < grace ? Options.FinalNotifySettle : grace;
        Transactions.Scheduler.Schedule(settle, static s =>
        {
            var (endpoint, key, call, rest) = ((SipEndpoint, string, SipCall, TimeSpan))s!;
            endpoint.Retire(key, call, rest);
        }, (this, key, call, grace - settle));
    }

    private void Retire(string key, SipCall call, TimeSpan rest)
    {
        var ended = new EndedCall(this, call.Protocol, call.HasReferred);
        _ended[key] = ended;
        _calls.TryRemove(new KeyValuePair<string, SipCall>(key, call));
        Transactions.Scheduler.Schedule(rest, static s =>
        {
            var (endedCalls, key, ended) = ((ConcurrentDictionary<string, EndedCall>, string, EndedCall))s!;
            endedCalls.TryRemove(new KeyValuePair<string, EndedCall>(key, ended));
        }, (_ended, key, ended));
    }

    /// <summary>Sees each new request before it is handled, on the thread that read it: how tests read what came on the wire.</summary>
    internal Action<SipRequest>? ObserveRequest { get; set; }

    async Task ISipCore.OnRequestAsync(ServerTransaction transaction)
    {
        var request = transaction.Request;
        ObserveRequest?.Invoke(request);
        if (request.Method == SipMethods.Cancel)
        {
            await OnCancelAsync(transaction).ConfigureAwait(false);
            return;
        }

        if (_allowed.Contains(request.Method) && UnsupportedRequirements(request) is { Length: > 0 } unsupported)
        {
            // §8.2.2.3: an extension we do not support (100rel, timer, replaces...) is refused, not ignored.
            var badExtension = SipResponse.CreateFor(request, 420, "Bad Extension", request.To.Tag is null ? SipIdentifiers.NewTag() : null);
            Logger.LogInformation("{Method} {CallId} requires {Unsupported}, which we do not support: 420", request.Method, request.CallId, unsupported);
            await transaction.RespondAsync(badExtension.WithHeaders(badExtension.Headers.Add(HeaderNames.Unsupported, unsupported))).ConfigureAwait(false);
            return;
        }

        if (request.To.Tag is { } toTag)
        {
            var key = Key(request.CallId, toTag, request.From.Tag ?? string.Empty);
            if (_calls.TryGetValue(key, out var call))
            {
                await call.OnRequestAsync(transaction).ConfigureAwait(false);
            }
            else if (_ended.TryGetValue(key, out var ended))
            {
                await ended.OnRequestAsync(transaction).ConfigureAwait(false);
            }
            else
            {
                // §12.2.2: no such dialog.
                await transaction.RespondAsync(SipResponse.CreateFor(request, 481, "Call/Transaction Does Not Exist")).ConfigureAwait(false);
            }

            return;
        }

        switch (request.Method)
        {
            case SipMethods.Invite:
                var body = InviteBody.Read(request);
                if (body.IsRefused)
                {
                    Logger.LogWarning("INVITE {CallId} refused with {Status}: {Why}", request.CallId, body.RefusalStatus, body.Why);
                    await transaction.RespondAsync(body.Refuse(request, SipHost.Format(AdvertisedEndPoint.Address), SipIdentifiers.NewTag())).ConfigureAwait(false);
                    break;
                }

                if (SessionTimersOn && SessionExpires.TooSmall(request, MinSessionSeconds, SipIdentifiers.NewTag()) is { } tooSmall)
                {
                    Logger.LogInformation("INVITE {CallId} asks for a session interval under our {Min} s: 422", request.CallId, MinSessionSeconds);
                    await transaction.RespondAsync(tooSmall).ConfigureAwait(false);
                    break;
                }

                if (IsDraining)
                {
                    Logger.LogInformation("INVITE {CallId} refused: draining (503)", request.CallId);
                    await transaction.RespondAsync(Unavailable(request)).ConfigureAwait(false);
                    break;
                }

                if (Volatile.Read(ref _waitingCalls) >= Options.MaxWaitingCalls)
                {
                    Logger.LogWarning("INVITE {CallId} refused: {Count} calls are waiting to be taken already (503)", request.CallId, Options.MaxWaitingCalls);
                    await transaction.RespondAsync(Unavailable(request)).ConfigureAwait(false);
                    break;
                }

                var incoming = new IncomingCall(this, transaction, body.Offer);
                var ringing = Key(request.CallId, incoming.LocalTag, request.From.Tag ?? string.Empty);
                _ringing[ringing] = incoming;
                if (!Offer(incoming))
                {
                    // Closing: nobody will take the call, so the caller hears so at once.
                    _ringing.TryRemove(ringing, out _);
                    await transaction.RespondAsync(SipResponse.CreateFor(request, 503, "Service Unavailable")).ConfigureAwait(false);
                }

                break;
            case "OPTIONS" when IsDraining:
                // A dispatcher's probe: the node takes no new calls, so it is taken out of the set.
                await transaction.RespondAsync(Unavailable(request)).ConfigureAwait(false);
                break;
            case "OPTIONS":
                var options = SipResponse.CreateFor(request, 200, "OK", SipIdentifiers.NewTag());
                await transaction.RespondAsync(options.WithHeaders(WithSupported(options.Headers.Add(HeaderNames.Allow, Allow)))).ConfigureAwait(false);
                break;
            case SipMethods.Bye or SipMethods.Notify or SipMethods.Refer:
                await transaction.RespondAsync(SipResponse.CreateFor(request, 481, "Call/Transaction Does Not Exist")).ConfigureAwait(false);
                break;
            default:
                await transaction.RespondAsync(MethodNotAllowed(request)).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// Stops taking new calls, for a node about to go (a deploy, a SIGTERM): from now on new
    /// INVITEs and out-of-dialog OPTIONS get 503 with Retry-After, so a load balancer that probes
    /// with OPTIONS (kamailio's dispatcher) takes the node out; calls already up, and their in-dialog
    /// requests, go on as before. There is no way back: a drained endpoint is disposed when its
    /// calls are done.
    /// </summary>
    public void StartDraining()
    {
        if (!_draining)
        {
            _draining = true;
            Logger.LogInformation("Draining: new calls and OPTIONS get 503");
        }
    }

    /// <summary>Whether <see cref="StartDraining"/> was called.</summary>
    public bool IsDraining => Volatile.Read(ref _draining);

    /// <summary>503 with Retry-After (§21.5.4): overloaded or draining, try again later or elsewhere.</summary>
    private SipResponse Unavailable(SipRequest request)
    {
        var response = SipResponse.CreateFor(request, 503, "Service Unavailable", SipIdentifiers.NewTag());
        return response.WithHeaders(response.Headers.Add("Retry-After", Options.OverloadRetryAfterSeconds.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>CANCEL (§9.2): 200 to the CANCEL, then 487 to its INVITE unless that was already answered.</summary>
    private async Task OnCancelAsync(ServerTransaction cancel)
    {
        var invite = Transactions.FindInviteTransaction(cancel.Request);
        var ringing = invite is null ? null : _ringing.Values.FirstOrDefault(c => ReferenceEquals(c.Transaction, invite));
        if (invite is null)
        {
            await cancel.RespondAsync(SipResponse.CreateFor(cancel.Request, 481, "Call/Transaction Does Not Exist")).ConfigureAwait(false);
            return;
        }

        await cancel.RespondAsync(SipResponse.CreateFor(cancel.Request, 200, "OK")).ConfigureAwait(false);
        if (ringing is not null)
        {
            await ringing.OnCancelAsync().ConfigureAwait(false);
        }
    }

    Task ISipCore.OnAckAsync(SipRequest ack, TransportEndPoint from)
    {
        var key = Key(ack.CallId, ack.To.Tag ?? string.Empty, ack.From.Tag ?? string.Empty);
        if (_ringing.TryRemove(key, out var answering))
        {
            answering.OnAck(ack);
        }
        else if (_calls.TryGetValue(key, out var call))
        {
            // The ACK of a re-INVITE's 2xx.
            call.OnAck(ack);
        }

        return Task.CompletedTask;
    }

    /// <summary>Our INVITE's 2xx resent: our ACK was lost, so send it again (§13.2.2.4).</summary>
    async Task ISipCore.OnStrayResponseAsync(SipResponse response, TransportEndPoint from)
    {
        if (response.IsSuccess && response.CSeq.Method == SipMethods.Invite && _acks.TryGetValue(response.CallId, out var ack))
        {
            await Transactions.SendStatelessAsync(ack.Ack, ack.To).ConfigureAwait(false);
        }
    }

    private async ValueTask<IncomingCall> TakeAsync(CancellationToken cancellationToken)
    {
        var incoming = await _incoming.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Decrement(ref _waitingCalls);
        return incoming;
    }

    /// <summary>Hands a new call to the application: its handler, or the queue AcceptAsync reads. False when closing.</summary>
    private bool Offer(IncomingCall incoming)
    {
        if (Options.IncomingCallHandler is not { } handler)
        {
            Interlocked.Increment(ref _waitingCalls);
            if (_incoming.Writer.TryWrite(incoming))
            {
                return true;
            }

            Interlocked.Decrement(ref _waitingCalls);
            return false;
        }

        // The queue is completed on close; with a handler it only says whether we are closing.
        if (_incoming.Reader.Completion.IsCompleted)
        {
            return false;
        }

        if (Options.UnsafePreferInlineScheduling)
        {
            StartCall(handler, incoming, Logger);
            return true;
        }

        Interlocked.Increment(ref _waitingCalls);
        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                Interlocked.Decrement(ref state.Endpoint._waitingCalls);
                StartCall(state.Handler, state.Incoming, state.Logger);
            },
            (Handler: handler, Incoming: incoming, Logger, Endpoint: this),
            preferLocal: false);
        return true;
    }

    private static void StartCall(Action<IncomingCall> handler, IncomingCall incoming, ILogger logger)
    {
        try
        {
            handler(incoming);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The IncomingCallHandler failed on the INVITE {SipCallId}", incoming.CallId);
        }
    }

    /// <summary>The headers with our Supported added, when we support any option tag.</summary>
    internal SipHeaders WithSupported(SipHeaders headers) => Supported.Length == 0 ? headers : headers.Add(HeaderNames.Supported, Supported);

    /// <summary>The option tags in the request's Require that we do not support, comma-separated; empty when none.</summary>
    private string UnsupportedRequirements(SipRequest request)
    {
        var required = request.Headers.GetValues(HeaderNames.Require);
        if (required.Count == 0)
        {
            return string.Empty;
        }

        var supported = Supported.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return string.Join(", ", required.Where(tag => !supported.Contains(tag, StringComparer.OrdinalIgnoreCase)));
    }

    internal void RememberAck(string callId, SipRequest ack, TransportEndPoint to) => _acks[callId] = (ack, to);

    private static string Key(string callId, string localTag, string remoteTag) => callId + "|" + localTag + "|" + remoteTag;

    public async ValueTask DisposeAsync()
    {
        _incoming.Writer.TryComplete();

        // Every live call is hung up at once, under one deadline: peers that never answer the BYE
        // cost the deadline, not a Timer F (32 s) each.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await Task.WhenAll(_calls.Values.Where(c => !c.IsEnded).Select(async call =>
        {
            try
            {
                await call.HangupAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or System.Net.Sockets.SocketException)
            {
                Logger.LogDebug(ex, "Hanging up {CallId} while stopping failed", call.CallId);
            }
        })).ConfigureAwait(false);

        await _transport.DisposeAsync().ConfigureAwait(false);
        Transactions.Scheduler.Dispose();
        _mediaClock?.Dispose();
    }

    internal static string Invariant(uint number) => number.ToString(CultureInfo.InvariantCulture);
}
