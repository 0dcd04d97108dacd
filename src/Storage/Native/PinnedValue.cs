namespace Kappa.Storage.Native;

/// <summary>
/// The result of <c>rocksdb_get_pinned</c>: a value read without copying, pinned in the block cache or memtable until
/// <see cref="Dispose"/>. It holds a lease on the database, because releasing the pin touches database state.
/// A stack-only type, so the pin cannot escape the read that made it.
/// </summary>
internal readonly unsafe ref struct PinnedValue
{
    private readonly HandleLease _db;
    private readonly IntPtr _slice;

    /// <summary>Takes ownership of <paramref name="db"/> and of <paramref name="slice"/> (zero when the key was not found).</summary>
    public PinnedValue(HandleLease db, IntPtr slice)
    {
        _db = db;
        _slice = slice;
    }

    /// <summary>Whether the key was found.</summary>
    public bool Found => _slice != IntPtr.Zero;

    /// <summary>The value, valid until <see cref="Dispose"/>; empty when not found.</summary>
    public ReadOnlySpan<byte> Value
    {
        get
        {
            if (!Found)
            {
                return default;
            }

            nuint length;
            var value = NativeMethods.rocksdb_pinnableslice_value(_slice, &length);
            return new ReadOnlySpan<byte>(value, checked((int)length));
        }
    }

    /// <summary>Releases the pin, then the database lease.</summary>
    public void Dispose()
    {
        if (_slice != IntPtr.Zero)
        {
            NativeMethods.rocksdb_pinnableslice_destroy(_slice);
        }

        _db.Dispose();
    }
}
