using System.Buffers.Binary;

namespace Swml.Sip.Media;

/// <summary>The fixed RTP header (RFC 3550 §5.1): version 2, no padding, extension or CSRCs from us.</summary>
internal readonly record struct RtpHeader(bool Marker, byte PayloadType, ushort SequenceNumber, uint Timestamp, uint Ssrc)
{
    public const int Size = 12;

    public void Write(Span<byte> packet)
    {
        packet[0] = 0x80;
        packet[1] = (byte)((Marker ? 0x80 : 0) | (PayloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], Ssrc);
    }

    /// <summary>
    /// Reads the fixed header of an RTP packet. False for anything else, RTCP included (payload
    /// types 72-76 with the marker bit are RTCP packet types 200-204 multiplexed on one port, RFC 5761 §4).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (packet.Length < Size || (packet[0] >> 6) != 2 || packet[1] is >= 200 and <= 204)
        {
            return false;
        }

        header = new RtpHeader(
            (packet[1] & 0x80) != 0,
            (byte)(packet[1] & 0x7F),
            BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[8..]));
        return true;
    }
}
