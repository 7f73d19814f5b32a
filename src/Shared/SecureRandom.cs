using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Swml.Shared;

/// <summary>
/// Cryptographically strong random bytes, drawn from <see cref="RandomNumberGenerator"/> a block
/// at a time per thread. Each draw costs a system call here (OpenSSL's fork check, or a read of
/// /dev/urandom for <see cref="Guid.NewGuid"/>), and a call needs several ids: tags, branches,
/// call and segment ids, webhook ids. Bytes handed out are wiped from the block.
/// </summary>
/// <remarks>Compiled into each assembly that uses it (linked source), so it adds no public type.</remarks>
internal static class SecureRandom
{
    private const int BlockSize = 512;

    [ThreadStatic]
    private static byte[]? t_block;

    [ThreadStatic]
    private static int t_next;

    /// <summary>Fills <paramref name="destination"/> with random bytes.</summary>
    public static void Fill(Span<byte> destination)
    {
        if (destination.Length > BlockSize / 4)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }

        var block = t_block;
        if (block is null || t_next + destination.Length > BlockSize)
        {
            block ??= t_block = new byte[BlockSize];
            RandomNumberGenerator.Fill(block);
            t_next = 0;
        }

        var taken = block.AsSpan(t_next, destination.Length);
        taken.CopyTo(destination);
        taken.Clear();
        t_next += destination.Length;
    }

    /// <summary><paramref name="length"/> random lowercase hex digits.</summary>
    public static string HexString(int length)
    {
        Span<byte> bytes = stackalloc byte[(length + 1) / 2];
        Fill(bytes);
        var hex = Convert.ToHexStringLower(bytes);
        return hex.Length == length ? hex : hex[..length];
    }

    /// <summary>A random (version 4) UUID, RFC 9562 §5.4.</summary>
    public static Guid NewUuidV4()
    {
        Span<byte> bytes = stackalloc byte[16];
        Fill(bytes);
        return Stamp(bytes, version: 4);
    }

    /// <summary>A time-ordered (version 7) UUID, RFC 9562 §5.7: Unix milliseconds, then 74 random bits.</summary>
    public static Guid NewUuidV7(DateTimeOffset time)
    {
        Span<byte> bytes = stackalloc byte[16];
        Fill(bytes[6..]);
        Span<byte> milliseconds = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(milliseconds, time.ToUnixTimeMilliseconds());
        milliseconds[2..].CopyTo(bytes);
        return Stamp(bytes, version: 7);
    }

    private static Guid Stamp(Span<byte> bytes, int version)
    {
        bytes[6] = (byte)((bytes[6] & 0x0F) | (version << 4));
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
