namespace Swml.Runtime.Media;

/// <summary>Reads a whole stream into memory, refusing to hold more than a limit: audio arrives from outside.</summary>
internal static class BoundedRead
{
    /// <summary>The stream's bytes from the start, or a <see cref="PlaybackException"/> with <paramref name="tooLarge"/> once they pass <paramref name="maxBytes"/>.</summary>
    public static async Task<MemoryStream> ReadAllAsync(Stream from, long maxBytes, string tooLarge, int expectedBytes, CancellationToken cancellationToken)
    {
        var to = new MemoryStream((int)Math.Min(expectedBytes, maxBytes));
        var buffer = new byte[81920];
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (to.Length + read > maxBytes)
            {
                throw new PlaybackException(tooLarge);
            }

            to.Write(buffer, 0, read);
        }

        to.Position = 0;
        return to;
    }
}
