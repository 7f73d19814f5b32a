namespace Swml.Sip.Sdp;

/// <summary>
/// An <c>a=</c> line (RFC 8866 §5.13): a property flag (<c>a=sendrecv</c>, <see cref="Value"/> null) or a
/// value attribute (<c>a=rtpmap:0 PCMU/8000</c>). Unknown attributes are kept as they are.
/// </summary>
public sealed record SdpAttribute(string Name, string? Value = null)
{
    /// <summary>The line's value, without <c>a=</c>.</summary>
    public override string ToString() => Value is null ? Name : $"{Name}:{Value}";
}
