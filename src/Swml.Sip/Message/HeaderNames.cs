using System.Collections.Frozen;
using System.Text;

namespace Swml.Sip.Message;

/// <summary>
/// Header field names: constants, the compact forms of RFC 3261 §7.3.3 and later RFCs, the
/// canonical spelling used when writing, and which fields are comma-separated lists (§7.3.1).
/// Names compare case-insensitively, and a compact form equals its full name.
/// </summary>
public static class HeaderNames
{
#pragma warning disable CS1591 // The constants are the header names themselves.
    public const string Accept = "Accept";
    public const string AcceptContact = "Accept-Contact";
    public const string Allow = "Allow";
    public const string AllowEvents = "Allow-Events";
    public const string Authorization = "Authorization";
    public const string CallId = "Call-ID";
    public const string Contact = "Contact";
    public const string ContentEncoding = "Content-Encoding";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string CSeq = "CSeq";
    public const string Date = "Date";
    public const string Event = "Event";
    public const string Expires = "Expires";
    public const string From = "From";
    public const string Identity = "Identity";
    public const string IdentityInfo = "Identity-Info";
    public const string MaxForwards = "Max-Forwards";
    public const string ProxyAuthenticate = "Proxy-Authenticate";
    public const string ProxyAuthorization = "Proxy-Authorization";
    public const string RecordRoute = "Record-Route";
    public const string ReferSub = "Refer-Sub";
    public const string ReferTo = "Refer-To";
    public const string ReferredBy = "Referred-By";
    public const string RejectContact = "Reject-Contact";
    public const string Replaces = "Replaces";
    public const string RequestDisposition = "Request-Disposition";
    public const string Require = "Require";
    public const string Route = "Route";
    public const string SessionExpires = "Session-Expires";
    public const string Subject = "Subject";
    public const string SubscriptionState = "Subscription-State";
    public const string Supported = "Supported";
    public const string To = "To";
    public const string Unsupported = "Unsupported";
    public const string UserAgent = "User-Agent";
    public const string Via = "Via";
    public const string WwwAuthenticate = "WWW-Authenticate";
#pragma warning restore CS1591

    // RFC 3261 §7.3.3 and §20; RFC 3265 (o, u), 3515 (r), 3892 (b), 4028 (x), 3841 (a, j, d), 4474 (y, n).
    private static readonly (char Letter, string Full)[] CompactForms =
    [
        ('i', CallId), ('m', Contact), ('f', From), ('t', To), ('v', Via), ('l', ContentLength), ('c', ContentType),
        ('e', ContentEncoding), ('k', Supported), ('s', Subject), ('o', Event), ('r', ReferTo), ('b', ReferredBy),
        ('u', AllowEvents), ('x', SessionExpires), ('a', AcceptContact), ('j', RejectContact), ('d', RequestDisposition),
        ('y', Identity), ('n', IdentityInfo),
    ];

    // Indexed by the lower-case letter: the full name of a compact form, or null.
    private static readonly string?[] FullNameOfLetter = FullNames();

    // One-letter names as strings, so that a parsed "v" or "V" costs no allocation.
    private static readonly string[] Letters = [.. Enumerable.Range(0, 128).Select(c => ((char)c).ToString())];

    private static readonly string[] Known =
    [
        Accept, "Accept-Encoding", "Accept-Language", AcceptContact, "Alert-Info", Allow, AllowEvents,
        "Authentication-Info", Authorization, CallId, "Call-Info", Contact, "Content-Disposition",
        ContentEncoding, "Content-Language", ContentLength, ContentType, CSeq, Date, "Error-Info",
        Event, Expires, From, Identity, IdentityInfo, "In-Reply-To", MaxForwards, "Min-Expires",
        "Min-SE", "MIME-Version", "Organization", "Path", "Priority", ProxyAuthenticate,
        ProxyAuthorization, "Proxy-Require", "RAck", RecordRoute, ReferSub, ReferTo, ReferredBy,
        RejectContact, Replaces, "Reply-To", RequestDisposition, Require, "Retry-After", Route,
        "RSeq", "Server", "Service-Route", SessionExpires, Subject, SubscriptionState, Supported,
        "Timestamp", To, Unsupported, UserAgent, Via, "Warning", WwwAuthenticate,
        "P-Asserted-Identity", "P-Preferred-Identity",
    ];

    // Longer than any known name: such a name is unknown without a look-up.
    private const int LongestKnown = 24;

    // The known names by length and first letter (lower case), a handful per slot at most.
    private static readonly string[]?[] KnownBySlot = Slots();

    // Fields whose grammar is "#element" (RFC 3261 §25.1): a value may hold several, comma-separated.
    // Not here: fields whose values contain commas of their own (Date, WWW-Authenticate, ...) and
    // single-valued fields (From, To, Call-ID, CSeq, Refer-To, ...).
    private static readonly FrozenSet<string> Lists = new[]
    {
        Accept, "Accept-Encoding", "Accept-Language", AcceptContact, "Alert-Info", Allow, AllowEvents,
        "Call-Info", Contact, ContentEncoding, "Content-Language", "Error-Info", "In-Reply-To",
        "Path", "Proxy-Require", RecordRoute, RejectContact, RequestDisposition, Require, Route,
        "Service-Route", Supported, Unsupported, Via, "Warning", "P-Asserted-Identity", "P-Preferred-Identity",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The name to write: the full form of a compact name, the registered spelling of a known
    /// name (<c>cAll-iD</c> becomes <c>Call-ID</c>), or the name as given when unknown.
    /// </summary>
    public static string Canonicalize(string name) => Lookup(name) ?? name;

    /// <summary>Whether two names denote the same header field.</summary>
    public static bool Matches(string a, string b) =>
        string.Equals(Canonicalize(a), Canonicalize(b), StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the field is a comma-separated list, so that one line may hold several values.</summary>
    public static bool IsList(string name) => Lists.Contains(Canonicalize(name));

    /// <summary>The compact form of a name, or null when it has none.</summary>
    public static string? CompactFormOf(string name)
    {
        var canonical = Canonicalize(name);
        foreach (var (letter, full) in CompactForms)
        {
            if (string.Equals(full, canonical, StringComparison.OrdinalIgnoreCase))
            {
                return Letters[letter];
            }
        }

        return null;
    }

    /// <summary>The canonical constant for a known or compact name in any case, or null when unknown. Allocates nothing.</summary>
    internal static string? Lookup(ReadOnlySpan<char> name)
    {
        if (name.Length == 1)
        {
            var c = name[0] | 0x20;
            return c < 128 ? FullNameOfLetter[c] : null;
        }

        foreach (var known in Candidates(name.Length, name.IsEmpty ? '\0' : name[0]))
        {
            if (name.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return null;
    }

    /// <summary>
    /// The name as received (a shared string when it is spelled canonically or is one letter) and its
    /// canonical spelling, from the ASCII bytes of a token; only other spellings allocate.
    /// </summary>
    internal static string FromBytes(ReadOnlySpan<byte> name, out string canonical)
    {
        if (name.Length == 1)
        {
            var c = name[0] | 0x20;
            if (c < 128 && FullNameOfLetter[c] is { } full)
            {
                canonical = full;
                return Letters[name[0]];
            }
        }
        else
        {
            foreach (var known in Candidates(name.Length, name.IsEmpty ? '\0' : (char)name[0]))
            {
                if (Ascii.Equals(name, known))
                {
                    canonical = known;
                    return known;
                }

                if (Ascii.EqualsIgnoreCase(name, known))
                {
                    canonical = known;
                    return Encoding.ASCII.GetString(name);
                }
            }
        }

        var text = Encoding.ASCII.GetString(name);
        canonical = text;
        return text;
    }

    private static ReadOnlySpan<string> Candidates(int length, char first)
    {
        var letter = (first | 0x20) - 'a';
        return length <= LongestKnown && (uint)letter < 26 && KnownBySlot[(length * 26) + letter] is { } names ? names : default;
    }

    private static string[]?[] Slots()
    {
        var slots = new string[]?[(LongestKnown + 1) * 26];
        foreach (var name in Known)
        {
            var slot = (name.Length * 26) + ((name[0] | 0x20) - 'a');
            slots[slot] = [.. slots[slot] ?? [], name];
        }

        return slots;
    }

    private static string?[] FullNames()
    {
        var table = new string?[128];
        foreach (var (letter, full) in CompactForms)
        {
            table[letter] = full;
        }

        return table;
    }
}
