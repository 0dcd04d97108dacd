using Kappa.Storage.Native;

namespace Kappa.Storage;

/// <summary>
/// Makes openable copies of a database: <see cref="Save"/> writes a directory that <see cref="RocksDb.Open(DbOptions, string, ColumnFamilies)"/>
/// opens as a database with the content at that moment, all column families included. SST files are hard-linked when
/// the target is on the same file system, so a checkpoint is cheap. Keeps its database's native object open while it
/// lives. Not thread-safe.
/// </summary>
public sealed class Checkpoint : IDisposable
{
    private readonly CheckpointSafeHandle _handle;
    private bool _disposed;

    internal Checkpoint(CheckpointSafeHandle handle)
    {
        _handle = handle;
    }

    /// <summary>
    /// The native handle. Throws <see cref="ObjectDisposedException"/> once this object is disposed, even while dependents
    /// keep the native object alive (a referenced <see cref="System.Runtime.InteropServices.SafeHandle"/> does not report closed).
    /// </summary>
    internal CheckpointSafeHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _handle;
        }
    }

    /// <summary>Writes a checkpoint into <paramref name="directory"/>, which must not exist yet.</summary>
    /// <param name="directory">The target directory; its parent must exist.</param>
    /// <param name="logSizeForFlush">
    /// 0 (the default) flushes the memtables first so the checkpoint holds no write-ahead log; otherwise the memtables
    /// are flushed only if the log is at least this many bytes, and the log is copied instead.
    /// </param>
    /// <exception cref="RocksDbException">RocksDB failed, e.g. because the directory exists.</exception>
    public unsafe void Save(string directory, ulong logSizeForFlush = 0)
    {
        var path = NativeStrings.ToNullTerminatedUtf8(directory, nameof(directory));
        using var checkpoint = new HandleLease(Handle);
        var error = IntPtr.Zero;
        fixed (byte* p = path)
        {
            NativeMethods.rocksdb_checkpoint_create(checkpoint.Pointer, p, logSizeForFlush, &error);
        }

        NativeErrors.ThrowIfError(error);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _handle.Dispose();
    }
}
