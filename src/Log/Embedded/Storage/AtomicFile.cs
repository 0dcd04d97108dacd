namespace Kappa.Log.Embedded.Storage;

/// <summary>
/// Replaces a small file all at once: write a temporary sibling, flush it to disk, rename it over the target.
/// Readers (and a process restarting after a crash) see the old content or the new, never a mix. Without
/// <c>durable</c> the flush is skipped: the rename is still atomic against a process crash, and the OS writes the
/// file back later (a power loss may then lose the latest version).
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content, bool durable)
    {
        var temp = path + ".tmp";
        using (var handle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            RandomAccess.Write(handle, content, 0);
            if (durable)
            {
                RandomAccess.FlushToDisk(handle);
            }
        }

        File.Move(temp, path, overwrite: true);
    }
}
