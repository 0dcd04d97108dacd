using Kappa.Storage.Native;

namespace Kappa.Storage;

/// <summary>
/// How a read or iterator sees the database: key bounds, snapshot, caching. Setters return the options for chaining.
/// </summary>
/// <remarks>
/// <para>Bounds: RocksDB keeps pointers to the bound keys, so the options copy them into native memory they own and
/// free it only when the options and every iterator created from them are gone. Setting a bound to an empty key
/// removes it: an empty lower bound admits every key anyway, and an empty upper bound would admit none, which is never
/// wanted. This also means a null <c>byte[]</c> removes a bound, as in RocksDbSharp.</para>
/// <para>Freezing: while an iterator created with these options is open, every setter throws
/// <see cref="InvalidOperationException"/>, because the iterator still reads the bounds. Dispose the iterator first or
/// use separate options per iterator.</para>
/// <para>Thread safety: concurrent reads may share an instance that nobody is changing.</para>
/// </remarks>
public sealed class ReadOptions : IDisposable
{
    private readonly ReadOptionsSafeHandle _handle;
    private bool _disposed;

    /// <summary>Creates options with RocksDB's defaults: no bounds, latest state, fill the block cache.</summary>
    public ReadOptions()
    {
        _handle = new ReadOptionsSafeHandle();
    }

    /// <summary>The snapshot reads see, if any.</summary>
    internal Snapshot? Snapshot { get; private set; }

    /// <summary>
    /// The native handle. Throws <see cref="ObjectDisposedException"/> once this object is disposed, even while dependents
    /// keep the native object alive (a referenced <see cref="System.Runtime.InteropServices.SafeHandle"/> does not report closed).
    /// </summary>
    internal ReadOptionsSafeHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _handle;
        }
    }

    /// <summary>Iterators start at or after <paramref name="key"/> (inclusive); empty removes the bound.</summary>
    /// <param name="key">The lower bound; copied.</param>
    public ReadOptions SetIterateLowerBound(ReadOnlySpan<byte> key)
    {
        Handle.SetLowerBound(key);
        return this;
    }

    /// <summary>Iterators stop before <paramref name="key"/> (exclusive); empty removes the bound.</summary>
    /// <param name="key">The upper bound; copied.</param>
    public ReadOptions SetIterateUpperBound(ReadOnlySpan<byte> key)
    {
        Handle.SetUpperBound(key);
        return this;
    }

    /// <summary>
    /// Bounds iterators to the keys starting with <paramref name="prefix"/>: lower bound <paramref name="prefix"/>,
    /// upper bound <see cref="PrefixBounds.UpperBound"/> (none for an all-0xFF prefix). Allocates no managed memory,
    /// so a scan loop can reuse one instance.
    /// </summary>
    /// <param name="prefix">The key prefix; copied.</param>
    public ReadOptions SetPrefixBounds(ReadOnlySpan<byte> prefix)
    {
        Handle.SetPrefixBounds(prefix);
        return this;
    }

    /// <summary>
    /// Reads see <paramref name="snapshot"/>, or the latest state when null. The options keep the snapshot's native
    /// object alive until it is replaced or the options are disposed.
    /// </summary>
    /// <param name="snapshot">The snapshot, from the database these options will be used with.</param>
    public ReadOptions SetSnapshot(Snapshot? snapshot)
    {
        Handle.SetSnapshot(snapshot?.Handle);
        Snapshot = snapshot;
        return this;
    }

    /// <summary>Sets whether blocks read are added to the block cache (default true); turn off for one-off scans.</summary>
    /// <param name="value">Whether to fill the cache.</param>
    public ReadOptions SetFillCache(bool value)
    {
        Handle.SetFillCache(value);
        return this;
    }

    /// <summary>
    /// Sets how many bytes an iterator reads from a table file beyond the block it needs, from its first read (default
    /// 0: RocksDB's own read-ahead, which starts after the second read of a file at 8 KiB and doubles up to 256 KiB).
    /// For a scan meant to read a whole range: fewer, larger reads; what the scan leaves unread is read for nothing.
    /// </summary>
    /// <param name="bytes">The read-ahead size in bytes.</param>
    public ReadOptions SetReadaheadSize(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Handle.SetReadaheadSize((nuint)bytes);
        return this;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _handle.Dispose();
    }
}
