using System.Collections.Immutable;

namespace Swml.Sip.Message;

/// <summary>The header fields every message has, parsed once when the message is made.</summary>
internal sealed record MessageCore(
    ImmutableArray<ViaHeader> Vias,
    NameAddress From,
    NameAddress To,
    string CallId,
    CSeqHeader CSeq,
    int? MaxForwards,
    ImmutableArray<NameAddress> Contacts,
    bool IsContactWildcard,
    int? ContentLength);
