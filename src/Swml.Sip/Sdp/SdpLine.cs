namespace Swml.Sip.Sdp;

/// <summary>
/// A line of a type this library does not know. RFC 8866 §5 tells parsers to ignore such lines;
/// we keep them, in order, so that a description passed on is not silently changed.
/// </summary>
public sealed record SdpLine(char Type, string Value)
{
    /// <summary>The whole line, without its line end.</summary>
    public override string ToString() => $"{Type}={Value}";
}
