namespace Swml.Tests.Outbox;

/// <summary>
/// A SQLite file (with its -wal and -shm) copied while it is open: what a process killed at that
/// instant leaves on disk, for the next run to open.
/// </summary>
public static class CrashedFiles
{
    /// <summary>Copies <paramref name="path"/>'s files next to it and returns the copy's path.</summary>
    public static string Copy(string path)
    {
        var copy = Path.Combine(Path.GetDirectoryName(path)!, "crashed-" + Guid.NewGuid().ToString("N") + ".db");
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            if (File.Exists(path + suffix))
            {
                using var source = new FileStream(path + suffix, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var target = File.Create(copy + suffix);
                source.CopyTo(target);
            }
        }

        return copy;
    }
}
