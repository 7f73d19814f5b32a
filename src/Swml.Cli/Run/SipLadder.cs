using System.Threading.Channels;
using Swml.Runtime.Hosting;
using Swml.Sip.Message;
using Swml.Sip.Transactions;

namespace Swml.Cli.Run;

/// <summary>
/// Prints one line per SIP transaction as it completes: the request, who it went to or came from,
/// and every response to it ("← INVITE sip:ivr@... from UDP 127.0.0.1:5061: 100 Trying, 180 Ringing,
/// 200 OK"). Messages come from the SIP threads into a queue; a task of its own writes.
/// </summary>
internal sealed class SipLadder : ISipMessageObserver, IAsyncDisposable
{
    // A transaction without a final response by then is printed as such (64*T1, RFC 3261 timer B/F).
    private static readonly TimeSpan Unanswered = TimeSpan.FromSeconds(32);

    private readonly Channel<SipTraceEntry> _entries = Channel.CreateBounded<SipTraceEntry>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly TextWriter _output;
    private readonly Task _writer;

    public SipLadder(TextWriter output)
    {
        _output = output;
        _writer = Task.Run(WriteAsync);
    }

    public void OnMessage(SipTraceEntry entry) => _entries.Writer.TryWrite(entry);

    public async ValueTask DisposeAsync()
    {
        _entries.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteAsync()
    {
        var reader = _entries.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var entry))
            {
                Take(entry);
            }

            Sweep(DateTimeOffset.UtcNow);
        }

        Sweep(DateTimeOffset.MaxValue);
    }

    private void Take(SipTraceEntry entry)
    {
        var key = Key(entry.Message);
        switch (entry.Message)
        {
            case SipRequest { Method: SipMethods.Ack } ack:
                Print(entry.Time, Request(entry.Direction, ack, entry.Remote.ToString()));
                break;
            case SipRequest request:
                // A retransmission is the same transaction.
                if (!_pending.ContainsKey(key))
                {
                    _pending[key] = new Pending(entry.Time, Request(entry.Direction, request, entry.Remote.ToString()), request.CallId);
                }

                break;
            case SipResponse response when _pending.TryGetValue(key, out var pending):
                var text = $"{response.StatusCode} {response.ReasonPhrase}";
                if (pending.Responses.Count == 0 || pending.Responses[^1] != text)
                {
                    pending.Responses.Add(text);
                }

                if (response.StatusCode >= 200)
                {
                    _pending.Remove(key);
                    Print(pending.Started, $"{pending.Line}: {string.Join(", ", pending.Responses)}");
                }

                break;
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, pending) in _pending.Where(p => now - p.Value.Started > Unanswered).ToList())
        {
            _pending.Remove(key);
            Print(pending.Started, $"{pending.Line}: {(pending.Responses.Count == 0 ? "no response" : string.Join(", ", pending.Responses) + ", no final response")}");
        }
    }

    private void Print(DateTimeOffset time, string line)
    {
        lock (_output)
        {
            _output.WriteLine($"{time.ToLocalTime():HH:mm:ss.fff} SIP  {line}");
            _output.Flush();
        }
    }

    private static string Request(SipTraceDirection direction, SipRequest request, string remote) =>
        direction == SipTraceDirection.Sent
            ? $"→ {request.Method} {request.RequestUri} to {remote}"
            : $"← {request.Method} {request.RequestUri} from {remote}";

    /// <summary>A transaction: the top Via's branch and the CSeq method (§17.1.3, §17.2.3).</summary>
    private static string Key(SipMessage message) => $"{message.TopVia.Branch}|{message.CSeq.Method}";

    private sealed class Pending(DateTimeOffset started, string line, string callId)
    {
        public DateTimeOffset Started { get; } = started;

        public string Line { get; } = line;

        public string CallId { get; } = callId;

        public List<string> Responses { get; } = new();
    }
}
