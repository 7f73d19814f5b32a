namespace Swml.Sip.Sdp;

/// <summary>
/// The <c>o=</c> line (RFC 8866 §5.2): <c>&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt;</c>.
/// </summary>
/// <remarks>
/// The session id and version are kept as the peer wrote them: they are only compared for equality
/// (RFC 3264 §8: an unchanged version means an unchanged description), and some peers send numbers
/// wider than 64 bits. <see cref="SdpSession"/> numbers our own descriptions.
/// </remarks>
public sealed record SdpOrigin(
    string UserName,
    string SessionId,
    string SessionVersion,
    string NetworkType,
    string AddressType,
    string Address)
{
    /// <summary>The line's value, without <c>o=</c>.</summary>
    public override string ToString() =>
        $"{UserName} {SessionId} {SessionVersion} {NetworkType} {AddressType} {Address}";
}
