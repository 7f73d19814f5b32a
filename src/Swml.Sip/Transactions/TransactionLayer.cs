using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Swml.Sip.Message;
using Swml.Sip.Transport;

namespace Swml.Sip.Transactions;

/// <summary>
/// Matches every message a transport reads to its transaction (RFC 3261 §17): responses to client
/// transactions, retransmitted requests to their server transaction (which resends its last
/// response), ACKs of failures to their INVITE; the rest goes to the transaction user. A malformed
/// request that can be answered gets its 400 here, statelessly. The TU is called on the receiving
/// thread and must not block it (see <see cref="Dispatch{TState}"/>).
/// </summary>
internal sealed class TransactionLayer : ITransportReceiver
{
    private readonly ConcurrentDictionary<string, ClientTransaction> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ServerTransaction> _servers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CompletedServerTransaction> _completedServers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _completedClients = new(StringComparer.Ordinal);
    private readonly ISipCore _core;
    private readonly ILogger _logger;
    private ITransportSender? _sender;

    public TransactionLayer(ISipCore core, SipTimers? timers = null, TimeProvider? time = null, ILogger? logger = null)
    {
        _core = core;
        Timers = timers ?? SipTimers.Default;
        Time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Scheduler = new SipTimerQueue(Time, _logger);
    }

    public SipTimers Timers { get; }

    /// <summary>Called with every message sent and received, on the thread that sends or reads it; null for none.</summary>
    public Action<SipTraceEntry>? Trace { get; set; }

    public TimeProvider Time { get; }

    /// <summary>Where the transactions' timers (and those of the layers above) run.</summary>
    public SipTimerQueue Scheduler { get; }

    /// <summary>Transactions in progress, for tests and diagnostics.</summary>
    public int ClientCount => _clients.Count + _completedClients.Count;

    public int ServerCount => _servers.Count + _completedServers.Count;

    private ITransportSender Sender => _sender ?? throw new InvalidOperationException("The transaction layer has no transport yet.");

    /// <summary>Connects the transports, which need this layer as their receiver first.</summary>
    public void Attach(ITransportSender sender) => _sender = sender;

    /// <summary>The address and port our Vias give in place of the bound ones (never a wildcard); null for the bound ones.</summary>
    public System.Net.IPEndPoint? AdvertisedEndPoint { get; set; }

    /// <summary>Our Via for a request sent on <paramref name="protocol"/>: our address, a new branch, and rport (RFC 3581).</summary>
    public ViaHeader CreateVia(TransportProtocol protocol)
    {
        var local = Sender.LocalFor(protocol);
        var sentBy = AdvertisedEndPoint ?? local.EndPoint;
        return ViaHeader.Create(local.ViaTransport, SipHost.Format(sentBy.Address), sentBy.Port, SipIdentifiers.NewBranch())
            .WithParameter("rport", null);
    }

    /// <summary>
    /// Sends a request in a new client transaction. Its top Via is ours, from <see cref="CreateVia"/>
    /// (a CANCEL carries its INVITE's, §9.1). The task ends with the final response or the failure;
    /// provisional responses go to <paramref name="provisional"/> as they come.
    /// </summary>
    public Task<ClientTransactionResult> SendRequestAsync(SipRequest request, TransportEndPoint destination, Action<SipResponse>? provisional = null, CancellationToken cancellationToken = default) =>
        SendRequestInlineAsync(request, destination, provisional, cancellationToken).ThenOnThreadPool();

    /// <summary>
    /// <see cref="SendRequestAsync"/> for the stack's own steps: the awaiter continues on the thread
    /// that read the final response, so it must not block, and must hop before it reaches
    /// application code (<see cref="ThreadPoolHop.ThenOnThreadPool{T}"/>).
    /// </summary>
    /// <param name="final">Sees the final response on the thread that read it, before any message read
    /// after it is handled (the awaiter may run later, when it was not yet waiting).</param>
    internal async Task<ClientTransactionResult> SendRequestInlineAsync(SipRequest request, TransportEndPoint destination, Action<SipResponse>? provisional, CancellationToken cancellationToken, Action<SipResponse>? final = null)
    {
        var key = TransactionKey.ForClient(request.TopVia.Branch!, request.CSeq.Method);
        var transaction = new ClientTransaction(this, request, destination, key, provisional, final);
        if (!_clients.TryAdd(key, transaction))
        {
            throw new InvalidOperationException($"A client transaction with branch {request.TopVia.Branch} for {request.CSeq.Method} is already running.");
        }

        await transaction.StartAsync(cancellationToken).ConfigureAwait(false);
        return await transaction.Result.ConfigureAwait(false);
    }

    /// <summary>A CANCEL went out for <paramref name="invite"/>: its transaction now ends after 64*T1 without a final response (§9.1).</summary>
    public void OnCancelSent(SipRequest invite)
    {
        if (invite.TopVia.Branch is { } branch && _clients.TryGetValue(TransactionKey.ForClient(branch, SipMethods.Invite), out var transaction))
        {
            transaction.ExpireAfterCancel();
        }
    }

    /// <summary>Sends outside any transaction: the ACK of a 2xx, a 2xx the TU resends.</summary>
    public ValueTask<bool> SendStatelessAsync(SipMessage message, TransportEndPoint to, CancellationToken cancellationToken = default) =>
        TrySendAsync(to, message.ToBytes(), cancellationToken);

    /// <summary>The INVITE server transaction a CANCEL is for (same branch and sent-by, §9.2).</summary>
    public ServerTransaction? FindInviteTransaction(SipRequest cancel)
    {
        if (!cancel.TopVia.HasRfc3261Branch)
        {
            return null;
        }

        var via = cancel.TopVia;
        return _servers.TryGetValue($"{via.Branch}|{via.Host}:{via.Port}|{SipMethods.Invite}", out var transaction) ? transaction : null;
    }

    public void OnReceived(ReceivedMessage received)
    {
        var result = received.Result;
        if (!result.IsSuccess)
        {
            OnMalformed(received);
            return;
        }

        if (Trace is { } trace)
        {
            Traced(trace, new SipTraceEntry(SipTraceDirection.Received, (SipMessage?)result.Response ?? result.Request!, received.Remote, Time.GetUtcNow()));
        }

        if (result.Response is { } response)
        {
            OnResponse(response, received.Remote);
        }
        else
        {
            OnRequest(result.Request!, received.Remote);
        }
    }

    private void OnMalformed(ReceivedMessage received)
    {
        var result = received.Result;
        _logger.LogInformation("Dropped a malformed message from {Remote}: {Error}", received.Remote, result.Error);
        if (result.CreateErrorResponse() is { } answer)
        {
            _ = SendStatelessAsync(answer, received.Remote);
        }
    }

    private void OnResponse(SipResponse response, TransportEndPoint from)
    {
        if (TransactionKey.ForResponse(response) is { } key)
        {
            if (_clients.TryGetValue(key, out var transaction))
            {
                transaction.OnResponse(response);
                return;
            }

            if (_completedClients.ContainsKey(key))
            {
                // Timer K: a retransmitted final response to a finished non-INVITE is absorbed.
                return;
            }
        }

        Dispatch(static (core, s) => core.OnStrayResponseAsync(s.response, s.from), (response, from), "a stray response");
    }

    private void OnRequest(SipRequest request, TransportEndPoint from)
    {
        var key = TransactionKey.ForRequest(request);
        if (request.Method == SipMethods.Ack)
        {
            if (key is not null && _servers.TryGetValue(key, out var invite))
            {
                invite.OnAck();
                return;
            }

            // An ACK in RFC 6026's Accepted state, like any ACK for a 2xx, is the TU's.

            Dispatch(static (core, s) => core.OnAckAsync(s.request, s.from), (request, from), "an ACK");
            return;
        }

        if (key is not null && _servers.TryGetValue(key, out var existing))
        {
            existing.OnRetransmission();
            return;
        }

        if (key is not null && _completedServers.TryGetValue(key, out var completed))
        {
            if (completed.Resend is { } resend)
            {
                _ = SendResponseAsync(completed.Target, completed.Fallback, resend, CancellationToken.None);
            }

            return;
        }

        var transaction = new ServerTransaction(this, ResponseRouting.Stamp(request, from), from, key);
        if (key is not null && !_servers.TryAdd(key, transaction))
        {
            // The same request arrived twice at once; the first one is being handled.
            return;
        }

        if (request.Method == SipMethods.Invite)
        {
            // Sent at once rather than after 200 ms (§17.2.1 allows either): it stops the caller's timer A.
            _ = transaction.RespondAsync(SipResponse.CreateFor(request, 100, "Trying"));
        }

        Dispatch(static (core, t) => core.OnRequestAsync(t), transaction, request.Method, transaction);
    }

    internal async ValueTask<bool> TrySendAsync(TransportEndPoint to, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (Trace is { } trace && SipParser.ParseDatagram(data.Span) is { IsSuccess: true } parsed)
        {
            // Parsed again only when someone traces: sending stays a copy of bytes otherwise.
            Traced(trace, new SipTraceEntry(SipTraceDirection.Sent, (SipMessage?)parsed.Response ?? parsed.Request!, to, Time.GetUtcNow()));
        }

        try
        {
            await Sender.SendAsync(to, data, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(ex, "Sending {Length} bytes to {To} failed", data.Length, to);
            return false;
        }
    }

    /// <summary>A response: to its target, and when that fails (a TCP connection gone) to the fallback (§18.2.2).</summary>
    internal async ValueTask<bool> SendResponseAsync(TransportEndPoint target, TransportEndPoint? fallback, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        await TrySendAsync(target, data, cancellationToken).ConfigureAwait(false) ||
        (fallback is { } other && await TrySendAsync(other, data, cancellationToken).ConfigureAwait(false));

    /// <summary>A tracer that throws must not break the stack.</summary>
    private void Traced(Action<SipTraceEntry> trace, SipTraceEntry entry)
    {
        try
        {
            trace(entry);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "The SIP trace callback failed");
        }
    }

    internal void Remove(ClientTransaction transaction) =>
        _clients.TryRemove(new KeyValuePair<string, ClientTransaction>(transaction.Key, transaction));

    /// <summary>
    /// A non-INVITE client transaction got its final response: for timer K only its key stays, to
    /// absorb retransmissions of that response; the transaction itself is let go.
    /// </summary>
    internal void Complete(ClientTransaction transaction, TimeSpan linger)
    {
        if (linger > TimeSpan.Zero)
        {
            _completedClients[transaction.Key] = transaction.Key;
            Scheduler.Schedule(linger, static s =>
            {
                var (clients, key) = ((ConcurrentDictionary<string, string>, string))s!;
                clients.TryRemove(key, out _);
            }, (_completedClients, transaction.Key));
        }

        Remove(transaction);
    }

    /// <summary>
    /// A server transaction sent its final response and now only absorbs retransmissions for
    /// <paramref name="linger"/>: a compact record takes its place (added before the transaction
    /// leaves, so a retransmission in between still finds one of them).
    /// </summary>
    internal void Complete(ServerTransaction transaction, byte[]? resend, TimeSpan linger)
    {
        if (transaction.Key is { } key && linger > TimeSpan.Zero)
        {
            var completed = new CompletedServerTransaction(key, resend, transaction.ResponseTarget, transaction.ResponseFallback);
            _completedServers[key] = completed;
            Scheduler.Schedule(linger, static s =>
            {
                var (servers, completed) = ((ConcurrentDictionary<string, CompletedServerTransaction>, CompletedServerTransaction))s!;
                servers.TryRemove(new KeyValuePair<string, CompletedServerTransaction>(completed.Key, completed));
            }, (_completedServers, completed));
        }

        Remove(transaction);
    }

    internal void Remove(ServerTransaction transaction)
    {
        if (transaction.Key is { } key)
        {
            _servers.TryRemove(new KeyValuePair<string, ServerTransaction>(key, transaction));
        }
    }

    /// <summary>
    /// Runs the TU's handler on the receiving thread until its first wait, as baresip's SIP stack runs
    /// in its event loop: answering a NOTIFY then costs no thread hand-off. The TU never blocks
    /// there; what waits for the application (a call accepted, a REFER's result) continues on the
    /// thread pool through its own asynchronous completions.
    /// </summary>
    private void Dispatch<TState>(Func<ISipCore, TState, Task> handler, TState state, string what, ServerTransaction? request = null)
    {
        Task task;
        try
        {
            task = handler(_core, state);
        }
        catch (Exception ex)
        {
            OnCoreFailed(ex, what, request);
            return;
        }

        if (!task.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(task, what, request);
        }
    }

    private async Task ObserveAsync(Task task, string what, ServerTransaction? request)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            OnCoreFailed(ex, what, request);
        }
    }

    // A request the failed handler left unanswered gets a 500: the peer stops waiting, and the
    // transaction's final response starts the timers that free it.
    private void OnCoreFailed(Exception ex, string what, ServerTransaction? request)
    {
        _logger.LogError(ex, "The SIP core failed handling {What}", what);
        if (request is { IsAnswered: false })
        {
            _ = request.RespondAsync(SipResponse.CreateFor(request.Request, 500, "Server Internal Error", toTag: SipIdentifiers.NewTag()));
        }
    }
}
