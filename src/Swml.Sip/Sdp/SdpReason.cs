namespace Swml.Sip.Sdp;

/// <summary>Helpers for failure reasons, which may end up in a log or a Warning header.</summary>
internal static class SdpReason
{
    private const int MaxEcho = 32;

    /// <summary>A peer's text, clipped: a reason should not carry a whole hostile line.</summary>
    public static string Clip(string text) => text.Length <= MaxEcho ? text : string.Concat(text.AsSpan(0, MaxEcho), "…");
}
