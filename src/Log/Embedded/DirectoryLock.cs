using Kappa.Log.Abstractions;

namespace Kappa.Log.Embedded;

/// <summary>
/// Exclusive ownership of a data directory: an OS lock on <c>.lock</c> (flock on Unix, a share mode on Windows),
/// held for the log's lifetime and released by the OS if the process dies, so a crash never leaves a stale lock.
/// </summary>
internal sealed class DirectoryLock : IDisposable
{
    public const string FileName = ".lock";

    private readonly FileStream _stream;

    private DirectoryLock(FileStream stream) => _stream = stream;

    public static DirectoryLock Acquire(string directory)
    {
        var path = Path.Combine(directory, FileName);
        try
        {
            return new DirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex)
        {
            throw new LogException(
                $"the data directory '{directory}' is in use: another process (or another EmbeddedLog in this one) holds '{path}'. Stop it, or use another directory.",
                ex);
        }
    }

    public void Dispose() => _stream.Dispose();
}
