using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Swml.Sip.Sdp;

/// <summary>
/// What an RTP payload type stands for: the value of <c>a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;channels&gt;]</c>
/// (RFC 8866 §6.6), or a static payload type of RFC 3551 §6.
/// </summary>
public readonly record struct RtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels = null)
{
    // RFC 3551 §6, table 4: the static audio payload types. A peer may leave out their rtpmap lines.
    private static readonly RtpMap[] StaticAudio =
    [
        new(0, "PCMU", 8000),
        new(3, "GSM", 8000),
        new(4, "G723", 8000),
        new(5, "DVI4", 8000),
        new(6, "DVI4", 16000),
        new(7, "LPC", 8000),
        new(8, "PCMA", 8000),
        new(9, "G722", 8000),
        new(10, "L16", 44100, 2),
        new(11, "L16", 44100),
        new(12, "QCELP", 8000),
        new(13, "CN", 8000),
        new(14, "MPA", 90000),
        new(15, "G728", 8000),
        new(16, "DVI4", 11025),
        new(17, "DVI4", 22050),
        new(18, "G729", 8000),
    ];

    /// <summary>The static audio payload type of RFC 3551 §6 with this number, if there is one.</summary>
    public static bool TryGetStatic(int payloadType, out RtpMap map)
    {
        foreach (var candidate in StaticAudio)
        {
            if (candidate.PayloadType == payloadType)
            {
                map = candidate;
                return true;
            }
        }

        map = default;
        return false;
    }

    /// <summary>
    /// Parses an <c>a=rtpmap</c> value, leniently about spaces and the case of the name. The payload
    /// type must be 0-127 (RFC 3550 §5.1: seven bits).
    /// </summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out RtpMap? map)
    {
        map = null;
        if (value is null)
        {
            return false;
        }

        var text = value.AsSpan().Trim();
        var space = text.IndexOfAny(' ', '\t');
        if (space <= 0 || !TryParsePayloadType(text[..space], out var payloadType))
        {
            return false;
        }

        var encoding = text[(space + 1)..].Trim();
        var parts = encoding.ToString().Split('/');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || !TryParseNumber(parts[1], out var clockRate) || clockRate == 0)
        {
            return false;
        }

        int? channels = null;
        if (parts.Length == 3)
        {
            if (!TryParseNumber(parts[2], out var count) || count == 0)
            {
                return false;
            }

            channels = count;
        }

        map = new RtpMap(payloadType, parts[0], clockRate, channels);
        return true;
    }

    /// <summary>A payload type: a decimal number 0-127.</summary>
    public static bool TryParsePayloadType(ReadOnlySpan<char> text, out int payloadType) =>
        TryParseNumber(text, out payloadType) && payloadType <= 127;

    /// <summary>The number of channels, 1 when not given (RFC 8866 §6.6).</summary>
    public int ChannelCount => Channels ?? 1;

    /// <summary>Whether this maps the same encoding: name (ignoring case), clock rate and channels.</summary>
    public bool IsSameEncoding(string encodingName, int clockRate, int channels = 1) =>
        EncodingName.Equals(encodingName, StringComparison.OrdinalIgnoreCase)
        && ClockRate == clockRate
        && ChannelCount == channels;

    /// <summary>The <c>a=rtpmap</c> value, e.g. <c>0 PCMU/8000</c>.</summary>
    public override string ToString() =>
        Channels is { } channels
            ? $"{PayloadType} {EncodingName}/{ClockRate}/{channels}"
            : $"{PayloadType} {EncodingName}/{ClockRate}";

    private static bool TryParseNumber(ReadOnlySpan<char> text, out int number) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number);
}
