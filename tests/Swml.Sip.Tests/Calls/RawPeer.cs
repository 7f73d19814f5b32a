using System.Net;
using System.Net.Sockets;
using System.Text;
using Swml.Sip.Calls;
using Swml.Sip.Message;

namespace Swml.Sip.Tests.Calls;

/// <summary>
/// A caller written by hand on a UDP socket of its own, as a peer we do not control: it places a
/// call to an endpoint, then sends in-dialog requests (re-INVITE, UPDATE, ACK) and reads every
/// response that comes back, resends included.
/// </summary>
internal sealed class RawPeer : IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly SipEndpoint _to;
    private readonly string _callId = Guid.NewGuid().ToString("N");
    private readonly List<SipParseResult> _pending = new();
    private uint _cseq;

    public RawPeer(SipEndpoint to)
    {
        _to = to;
        Port = ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;
    }

    public int Port { get; }

    /// <summary>The To header of the dialog (with the endpoint's tag), once answered.</summary>
    public string? RemoteTo { get; private set; }

    public static string Offer(int port = 6000, string direction = "sendrecv", string address = "127.0.0.1", string formats = "0", string version = "1") =>
        "v=0\r\n" +
        $"o=peer 42 {version} IN IP4 {address}\r\n" +
        "s=-\r\n" +
        $"c=IN IP4 {address}\r\n" +
        "t=0 0\r\n" +
        $"m=audio {port} RTP/AVP {formats}\r\n" +
        string.Concat(formats.Split(' ').Select(f => f switch { "0" => "a=rtpmap:0 PCMU/8000\r\n", "8" => "a=rtpmap:8 PCMA/8000\r\n", "9" => "a=rtpmap:9 G722/8000\r\n", _ => string.Empty })) +
        $"a={direction}\r\n";

    /// <summary>The first INVITE; returns its CSeq. Its 200 comes through <see cref="NextFinalAsync"/>.</summary>
    public Task<uint> InviteAsync(string? sdp, CancellationToken cancellationToken, IReadOnlyList<string>? extraHeaders = null) =>
        SendAsync("INVITE", sdp, cancellationToken, extraHeaders: extraHeaders);

    /// <summary>
    /// Calls <see cref="RawPeer"/>'s endpoint with an offer, has it answer, and ACKs its 200: the
    /// established call on the endpoint's side, and the 200 as the peer saw it.
    /// </summary>
    public async Task<(SipCall Call, SipResponse Ok)> ConnectAsync(TimeSpan wait, CancellationToken cancellationToken, IReadOnlyList<string>? headers = null)
    {
        var cseq = await InviteAsync(Offer(), cancellationToken, headers);
        var incoming = await _to.AcceptAsync(cancellationToken).AsTask().WaitAsync(wait, cancellationToken);
        var answering = incoming.AnswerAsync(cancellationToken);
        var ok = await NextFinalAsync(wait, cancellationToken) ?? throw new TimeoutException("no final response to the INVITE");
        if (ok.StatusCode != 200)
        {
            throw new InvalidOperationException($"the INVITE got {ok.StatusCode}");
        }

        await AckAsync(cseq, null, cancellationToken);
        return (await answering.WaitAsync(wait, cancellationToken), ok);
    }

    /// <summary>A request in the dialog (or the first INVITE), with the next CSeq; returns the CSeq and the branch.</summary>
    public async Task<uint> SendAsync(string method, string? sdp, CancellationToken cancellationToken, string? branch = null, uint? cseq = null, IReadOnlyList<string>? extraHeaders = null, string? body = null)
    {
        var number = cseq ?? ++_cseq;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(Request(method, number, sdp, branch ?? "z9hG4bK" + Guid.NewGuid().ToString("N"), extraHeaders, body)), _to.EndPoint, cancellationToken);
        return number;
    }

    /// <summary>The same request again, byte for byte: a retransmission.</summary>
    public Task ResendAsync(string method, uint cseq, string? sdp, string branch, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(Request(method, cseq, sdp, branch)), _to.EndPoint, cancellationToken).AsTask();

    public Task AckAsync(uint inviteCSeq, string? sdp, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(Request("ACK", inviteCSeq, sdp, "z9hG4bK" + Guid.NewGuid().ToString("N"))), _to.EndPoint, cancellationToken).AsTask();

    /// <summary>The next final response, or null when none comes within <paramref name="within"/>. Requests read meanwhile wait for <see cref="NextRequestAsync"/>.</summary>
    public async Task<SipResponse?> NextFinalAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        var message = await NextAsync(m => m.Response is { StatusCode: >= 200 }, within, cancellationToken);
        if (message?.Response is not { } response)
        {
            return null;
        }

        if (response.CSeq.Method == "INVITE" && response.IsSuccess && RemoteTo is null)
        {
            RemoteTo = response.Headers.GetFirst("To");
        }

        return response;
    }

    /// <summary>The next request the endpoint sends us (a BYE...), or null within <paramref name="within"/>.</summary>
    public async Task<SipRequest?> NextRequestAsync(TimeSpan within, CancellationToken cancellationToken) =>
        (await NextAsync(m => m.Request is not null, within, cancellationToken))?.Request;

    /// <summary>Answers a request the endpoint sent us, with more headers if given.</summary>
    public Task RespondAsync(SipRequest request, int status, string reason, CancellationToken cancellationToken, params (string Name, string Value)[] headers)
    {
        var response = SipResponse.CreateFor(request, status, reason, request.To.Tag is null ? "a2" : null);
        foreach (var (name, value) in headers)
        {
            response = response.WithHeaders(response.Headers.Add(name, value));
        }

        return _socket.SendAsync(response.ToBytes(), _to.EndPoint, cancellationToken).AsTask();
    }

    private async Task<SipParseResult?> NextAsync(Func<SipParseResult, bool> wanted, TimeSpan within, CancellationToken cancellationToken)
    {
        var kept = _pending.FindIndex(m => wanted(m));
        if (kept >= 0)
        {
            var found = _pending[kept];
            _pending.RemoveAt(kept);
            return found;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(within);
        try
        {
            while (true)
            {
                var datagram = await _socket.ReceiveAsync(timeout.Token);
                var message = SipParser.ParseDatagram(datagram.Buffer);
                if (wanted(message))
                {
                    return message;
                }

                // Provisional responses are of no use to the tests; the rest waits its turn.
                if (message.Response is not { StatusCode: < 200 })
                {
                    _pending.Add(message);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private string Request(string method, uint cseq, string? sdp, string branch, IReadOnlyList<string>? extraHeaders = null, string? otherBody = null)
    {
        var body = sdp ?? otherBody ?? string.Empty;
        return $"{method} {_to.Uri} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:{Port};branch={branch}\r\n" +
            "From: <sip:alice@127.0.0.1>;tag=a1\r\n" +
            $"To: {RemoteTo ?? "<" + _to.Uri + ">"}\r\n" +
            $"Call-ID: {_callId}\r\n" +
            $"CSeq: {cseq} {method}\r\n" +
            $"Contact: <sip:alice@127.0.0.1:{Port}>\r\n" +
            "Max-Forwards: 70\r\n" +
            string.Concat((extraHeaders ?? Array.Empty<string>()).Select(h => h + "\r\n")) +
            (sdp is null ? string.Empty : "Content-Type: application/sdp\r\n") +
            $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n" + body;
    }

    public void Dispose() => _socket.Dispose();
}
