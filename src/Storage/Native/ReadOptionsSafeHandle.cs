using Microsoft.Win32.SafeHandles;

namespace Kappa.Storage.Native;

/// <summary>
/// Owns a <c>rocksdb_readoptions_t</c> together with the native memory and snapshot it points at.
/// </summary>
/// <remarks>
/// RocksDB does not copy iterate bounds: the options hold a slice over the caller's bytes, and every iterator created
/// from the options keeps a pointer to that slice. So the bound bytes live in <see cref="NativeKeyBuffer"/>s owned by
/// this handle and freed only in <see cref="ReleaseHandle"/>, after the native options are destroyed; iterators keep
/// this handle alive by reference. While any iterator holds a lease (<see cref="IteratorLeases"/>), the options are
/// frozen: changing a bound would move memory an iterator still reads. A snapshot set on the options is referenced
/// until it is replaced or the options are released, so it cannot be released while reads may still use it.
/// </remarks>
internal sealed unsafe class ReadOptionsSafeHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private NativeKeyBuffer _lowerBound;
    private NativeKeyBuffer _upperBound;
    private SnapshotSafeHandle? _snapshot;
    private int _iteratorLeases;

    /// <summary>Creates read options with RocksDB's defaults.</summary>
    public ReadOptionsSafeHandle()
        : base(ownsHandle: true)
    {
        SetHandle(NativeMethods.rocksdb_readoptions_create());
    }

    /// <summary>How many open iterators were created with these options.</summary>
    public int IteratorLeases => Volatile.Read(ref _iteratorLeases);

    /// <summary>Records an iterator that depends on these options.</summary>
    public void AddIteratorLease() => Interlocked.Increment(ref _iteratorLeases);

    /// <summary>Records that such an iterator was destroyed.</summary>
    public void RemoveIteratorLease() => Interlocked.Decrement(ref _iteratorLeases);

    /// <summary>Sets the inclusive lower bound; an empty key removes it.</summary>
    public void SetLowerBound(ReadOnlySpan<byte> key)
    {
        using var self = EnterMutation();
        var bound = key.IsEmpty ? null : _lowerBound.Store(key);
        NativeMethods.rocksdb_readoptions_set_iterate_lower_bound(self.Pointer, bound, (nuint)key.Length);
    }

    /// <summary>Sets the exclusive upper bound; an empty key removes it.</summary>
    public void SetUpperBound(ReadOnlySpan<byte> key)
    {
        using var self = EnterMutation();
        var bound = key.IsEmpty ? null : _upperBound.Store(key);
        NativeMethods.rocksdb_readoptions_set_iterate_upper_bound(self.Pointer, bound, (nuint)key.Length);
    }

    /// <summary>Bounds iteration to the keys starting with <paramref name="prefix"/>, without allocating managed memory.</summary>
    public void SetPrefixBounds(ReadOnlySpan<byte> prefix)
    {
        using var self = EnterMutation();
        var lower = prefix.IsEmpty ? null : _lowerBound.Store(prefix);
        NativeMethods.rocksdb_readoptions_set_iterate_lower_bound(self.Pointer, lower, (nuint)prefix.Length);

        var upperLength = PrefixBounds.WriteUpperBound(prefix, _upperBound.Reserve(prefix.Length));
        var upper = upperLength == 0 ? null : _upperBound.Pointer;
        NativeMethods.rocksdb_readoptions_set_iterate_upper_bound(self.Pointer, upper, (nuint)upperLength);
    }

    /// <summary>Reads from <paramref name="snapshot"/>, or from the latest state when null.</summary>
    public void SetSnapshot(SnapshotSafeHandle? snapshot)
    {
        using var self = EnterMutation();
        var added = false;
        snapshot?.DangerousAddRef(ref added);
        NativeMethods.rocksdb_readoptions_set_snapshot(self.Pointer, snapshot?.DangerousGetHandle() ?? IntPtr.Zero);
        var previous = _snapshot;
        _snapshot = snapshot;
        previous?.DangerousRelease();
    }

    /// <summary>Sets whether blocks read for these options are added to the block cache.</summary>
    public void SetFillCache(bool value)
    {
        using var self = EnterMutation();
        NativeMethods.rocksdb_readoptions_set_fill_cache(self.Pointer, value ? (byte)1 : (byte)0);
    }

    /// <summary>Sets how many bytes an iterator reads ahead of the block it needs, from table files.</summary>
    public void SetReadaheadSize(nuint bytes)
    {
        using var self = EnterMutation();
        NativeMethods.rocksdb_readoptions_set_readahead_size(self.Pointer, bytes);
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        NativeMethods.rocksdb_readoptions_destroy(handle);
        _lowerBound.Free();
        _upperBound.Free();
        _snapshot?.DangerousRelease();
        _snapshot = null;
        return true;
    }

    private HandleLease EnterMutation()
    {
        var self = new HandleLease(this);
        if (IteratorLeases > 0)
        {
            self.Dispose();
            throw new InvalidOperationException(
                "These read options are in use by an open iterator; dispose the iterator or use other read options.");
        }

        return self;
    }
}
