using System.Net;
using System.Text;
using Swml.Sip.Events;
using Swml.Sip.Message;
using Swml.Sip.Transactions;

namespace Swml.Cli.Demo;

/// <summary>
/// Everything the demo saw, from every party and thread, stamped on one clock: the SIP messages
/// each endpoint sent (a retransmission is counted on the first copy, not added), and notes (a
/// flow step, the variables it set, a request the app received, a warning). Read back in time order.
/// </summary>
internal sealed class Timeline
{
    private readonly object _gate = new();
    private readonly List<TimelineEvent> _events = new();
    private readonly Dictionary<string, SipRow> _messages = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _sequence;

    public Timeline(TimeProvider time)
    {
        _time = time;
        Start = time.GetUtcNow();
    }

    /// <summary>Time zero of the timeline.</summary>
    public DateTimeOffset Start { get; }

    public TimeSpan Elapsed => _time.GetUtcNow() - Start;

    /// <summary>
    /// A <see cref="Swml.Sip.Calls.SipEndpointOptions.Trace"/> for the party named <paramref name="party"/>:
    /// every message it sends becomes a row. Received messages are left out: their sender's trace has them.
    /// </summary>
    public Action<SipTraceEntry> SipTracer(string party) => entry =>
    {
        if (entry.Direction == SipTraceDirection.Sent)
        {
            AddSip(party, entry);
        }
    };

    public void Note(NoteKind kind, string text) => Note(kind, text, _time.GetUtcNow());

    public void Note(NoteKind kind, string text, DateTimeOffset time)
    {
        lock (_gate)
        {
            _events.Add(new NoteEvent(time, _sequence++, kind, text));
        }
    }

    /// <summary>The events so far, in the order they happened (ties in the order they were recorded).</summary>
    public IReadOnlyList<TimelineEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return _events.OrderBy(e => e.Time).ThenBy(e => e.Sequence).ToArray();
            }
        }
    }

    private void AddSip(string party, SipTraceEntry entry)
    {
        var message = entry.Message;
        var key = $"{party}|{Identity(message)}";
        lock (_gate)
        {
            if (_messages.TryGetValue(key, out var seen))
            {
                seen.Copies++;
                return;
            }

            var row = new SipRow(entry.Time, _sequence++, party, entry.Remote.EndPoint, Label(message), Detail(message));
            _messages[key] = row;
            _events.Add(row);
        }
    }

    /// <summary>What makes a message the same message when it is sent again (a retransmission).</summary>
    private static string Identity(SipMessage message) => message switch
    {
        SipRequest request => $"{request.Method}|{message.CallId}|{message.CSeq}|{message.TopVia.Branch}",
        SipResponse response => $"{response.StatusCode}|{message.CallId}|{message.CSeq}|{message.TopVia.Branch}|{message.To.Tag}",
        _ => message.StartLine,
    };

    /// <summary>The arrow's text: the method (a NOTIFY with its sipfrag's status code), or the status.</summary>
    private static string Label(SipMessage message) => message switch
    {
        SipRequest { Method: SipMethods.Notify } notify when Sipfrag.StatusCode(notify.Body.Span) is { } code => $"NOTIFY {code}",
        SipRequest request => request.Method,
        SipResponse response => $"{response.StatusCode} {response.ReasonPhrase}",
        _ => message.StartLine,
    };

    /// <summary>What the arrow cannot show: where an INVITE goes, a REFER's target, a NOTIFY's sipfrag, what a response answers.</summary>
    private static string? Detail(SipMessage message) => message switch
    {
        SipRequest { Method: SipMethods.Invite } invite => invite.RequestUri.ToString(),
        SipRequest { Method: SipMethods.Refer } refer => $"Refer-To: {refer.Headers.GetFirst(HeaderNames.ReferTo)}",
        SipRequest { Method: SipMethods.Notify } notify => $"sipfrag \"{FirstLine(notify.Body.Span)}\", {notify.Headers.GetFirst(HeaderNames.SubscriptionState)}",
        SipResponse { IsFinal: true } response => $"({response.CSeq.Method})",
        _ => null,
    };

    private static string FirstLine(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body);
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}

/// <summary>What a note is about; the timeline prints it as the note's first word.</summary>
internal enum NoteKind
{
    /// <summary>A step of the flow starts.</summary>
    Step,

    /// <summary>The variables a step set.</summary>
    Set,

    /// <summary>The flow ended, and how.</summary>
    Flow,

    /// <summary>The app (the HTTP side) received a request.</summary>
    App,

    /// <summary>What the demo itself did or saw.</summary>
    Demo,

    /// <summary>A warning or error logged by a party.</summary>
    Warning,
}

internal abstract class TimelineEvent(DateTimeOffset time, long sequence)
{
    public DateTimeOffset Time { get; } = time;

    /// <summary>The order it was recorded in, which breaks ties of <see cref="Time"/>.</summary>
    public long Sequence { get; } = sequence;
}

internal sealed class NoteEvent(DateTimeOffset time, long sequence, NoteKind kind, string text) : TimelineEvent(time, sequence)
{
    public NoteKind Kind { get; } = kind;

    public string Text { get; } = text;
}

/// <summary>One SIP message, sent by <see cref="From"/> to <see cref="To"/>; <see cref="Copies"/> counts the times it was sent.</summary>
internal sealed class SipRow(DateTimeOffset time, long sequence, string from, IPEndPoint to, string label, string? detail) : TimelineEvent(time, sequence)
{
    public string From { get; } = from;

    public IPEndPoint To { get; } = to;

    public string Label { get; } = label;

    public string? Detail { get; } = detail;

    /// <summary>Changed under the timeline's lock, as retransmissions are seen.</summary>
    public int Copies { get; set; } = 1;
}
