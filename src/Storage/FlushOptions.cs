using Kappa.Storage.Native;

namespace Kappa.Storage;

/// <summary>How <see cref="RocksDb.Flush(FlushOptions?)"/> behaves.</summary>
public sealed class FlushOptions : IDisposable
{
    private readonly FlushOptionsSafeHandle _handle;
    private bool _disposed;

    /// <summary>Creates options with RocksDB's defaults: the flush call waits for the flush to finish.</summary>
    public FlushOptions()
    {
        _handle = new FlushOptionsSafeHandle();
    }

    /// <summary>
    /// The native handle. Throws <see cref="ObjectDisposedException"/> once this object is disposed, even while dependents
    /// keep the native object alive (a referenced <see cref="System.Runtime.InteropServices.SafeHandle"/> does not report closed).
    /// </summary>
    internal FlushOptionsSafeHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _handle;
        }
    }

    /// <summary>Sets whether the flush call blocks until the memtable is written (default true).</summary>
    /// <param name="value">Whether to wait.</param>
    public FlushOptions SetWaitForFlush(bool value = true)
    {
        using var options = new HandleLease(Handle);
        NativeMethods.rocksdb_flushoptions_set_wait(options.Pointer, value ? (byte)1 : (byte)0);
        return this;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _handle.Dispose();
    }
}
