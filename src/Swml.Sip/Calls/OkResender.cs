using Swml.Sip.Message;
using Swml.Sip.Transactions;
using Swml.Sip.Transport;

namespace Swml.Sip.Calls;

/// <summary>
/// The 2xx to an INVITE or re-INVITE, resent by the UAS core until its ACK (RFC 3261 §13.3.1.4): T1
/// doubling to T2, on every transport, since a proxy between us may forward it over UDP, where it
/// can be lost. After 64*T1 without the ACK it gives up and says so (the call is then hung up).
/// </summary>
internal sealed class OkResender
{
    private readonly SipEndpoint _endpoint;
    private readonly SipResponse _ok;
    private readonly TransportEndPoint _to;
    private readonly TransportEndPoint? _fallback;
    private readonly Action<OkResender> _onGiveUp;
    private readonly object _gate = new();
    private TimeSpan _interval;
    private TimeSpan _waited;
    private ScheduledTimer? _next;
    private byte[]? _bytes;
    private bool _stopped;

    public OkResender(SipEndpoint endpoint, SipResponse ok, ServerTransaction invite, Action<OkResender> onGiveUp)
    {
        _endpoint = endpoint;
        _ok = ok;
        _to = invite.ResponseTarget;
        _fallback = invite.ResponseFallback;
        _onGiveUp = onGiveUp;
        _interval = endpoint.Options.Timers.T1;
    }

    /// <summary>The CSeq number of the INVITE the 2xx answers: its ACK has the same.</summary>
    public uint CSeq => _ok.CSeq.Number;

    public void Start()
    {
        lock (_gate)
        {
            if (!_stopped)
            {
                ScheduleLocked();
            }
        }
    }

    /// <summary>The ACK came (or the call ended): no more resends. Returns false if it had stopped already.</summary>
    public bool Stop()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return false;
            }

            _stopped = true;
            _next?.Cancel();
            return true;
        }
    }

    private void ScheduleLocked()
    {
        var timeout = _endpoint.Options.Timers.Timeout;
        var step = _waited + _interval > timeout ? timeout - _waited : _interval;
        _waited += step;
        _next = _endpoint.Transactions.Scheduler.Schedule(step, static s => ((OkResender)s!).OnTimer(), this);
    }

    private void OnTimer()
    {
        var timers = _endpoint.Options.Timers;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            if (_waited < timers.Timeout)
            {
                _ = _endpoint.Transactions.SendResponseAsync(_to, _fallback, _bytes ??= _ok.ToBytes(), CancellationToken.None);
                _interval = _interval * 2 < timers.T2 ? _interval * 2 : timers.T2;
                ScheduleLocked();
                return;
            }

            _stopped = true;
        }

        _onGiveUp(this);
    }
}
