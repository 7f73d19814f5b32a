namespace Swml.Sip.Sdp;

/// <summary>A <c>b=</c> line (RFC 8866 §5.8): <c>&lt;bwtype&gt;:&lt;bandwidth&gt;</c>, e.g. <c>AS:64</c>. Kept as written.</summary>
public sealed record SdpBandwidth(string Type, string Value)
{
    /// <summary>The line's value, without <c>b=</c>.</summary>
    public override string ToString() => $"{Type}:{Value}";
}
