using Kappa.Storage.Native;

namespace Kappa.Storage;

/// <summary>
/// Durability of a write. RocksDB reads the options only during the call, so one instance can serve concurrent writes
/// as long as nobody changes it meanwhile.
/// </summary>
public sealed class WriteOptions : IDisposable
{
    private readonly WriteOptionsSafeHandle _handle;
    private bool _disposed;

    /// <summary>Creates options with RocksDB's defaults: write-ahead log on, no fsync per write.</summary>
    public WriteOptions()
    {
        _handle = new WriteOptionsSafeHandle();
    }

    /// <summary>
    /// The native handle. Throws <see cref="ObjectDisposedException"/> once this object is disposed, even while dependents
    /// keep the native object alive (a referenced <see cref="System.Runtime.InteropServices.SafeHandle"/> does not report closed).
    /// </summary>
    internal WriteOptionsSafeHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _handle;
        }
    }

    /// <summary>Fsyncs the write-ahead log before the write returns, so the write survives a machine crash (default false).</summary>
    /// <param name="value">Whether to sync.</param>
    public WriteOptions SetSync(bool value = true)
    {
        using var options = new HandleLease(Handle);
        NativeMethods.rocksdb_writeoptions_set_sync(options.Pointer, value ? (byte)1 : (byte)0);
        return this;
    }

    /// <summary>Skips the write-ahead log: faster, but the write is lost on a crash until its memtable is flushed (default false).</summary>
    /// <param name="disable">Whether to skip the log.</param>
    public WriteOptions DisableWal(bool disable = true)
    {
        using var options = new HandleLease(Handle);
        NativeMethods.rocksdb_writeoptions_disable_WAL(options.Pointer, disable ? 1 : 0);
        return this;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _handle.Dispose();
    }
}
