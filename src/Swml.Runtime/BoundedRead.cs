namespace Swml.Runtime;

/// <summary>
/// Reads a whole stream into memory, refusing to hold more than a limit: documents, audio and
/// speech all arrive from outside.
/// </summary>
internal static class BoundedRead
{
    /// <summary>The stream's bytes from the start, or <paramref name="tooLarge"/>'s exception once they pass <paramref name="maxBytes"/>.</summary>
    public static async Task<MemoryStream> ReadAllAsync(Stream from, long maxBytes, Func<Exception> tooLarge, int expectedBytes, CancellationToken cancellationToken)
    {
        var to = new MemoryStream((int)Math.Min(expectedBytes, maxBytes));
        var buffer = new byte[81920];
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (to.Length + read > maxBytes)
            {
                throw tooLarge();
            }

            to.Write(buffer, 0, read);
        }

        to.Position = 0;
        return to;
    }

    /// <summary>An HTTP body, refused at once when its Content-Length is over the limit, else as it passes it.</summary>
    public static async Task<MemoryStream> ReadAllAsync(HttpContent content, long maxBytes, Func<Exception> tooLarge, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } length && length > maxBytes)
        {
            throw tooLarge();
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var expected = (int)Math.Min(content.Headers.ContentLength ?? 64 * 1024, int.MaxValue);
            return await ReadAllAsync(stream, maxBytes, tooLarge, expected, cancellationToken).ConfigureAwait(false);
        }
    }
}
