namespace Kappa.Storage.Native;

/// <summary>
/// Owns a <c>rocksdb_iterator_t</c>. Besides the database (and column family), the iterator depends on its read
/// options: RocksDB keeps pointers to the options' iterate-bound slices, so the options and their bound buffers stay
/// alive, and their bounds frozen (<see cref="ReadOptionsSafeHandle.IteratorLeases"/>), until the iterator is destroyed.
/// </summary>
internal sealed class IteratorSafeHandle : DependentSafeHandle
{
    private readonly ReadOptionsSafeHandle _readOptions;

    private IteratorSafeHandle(DbSafeHandle db, ColumnFamilySafeHandle? columnFamily, ReadOptionsSafeHandle readOptions)
        : base(db, columnFamily, readOptions)
    {
        _readOptions = readOptions;
        readOptions.AddIteratorLease();
    }

    /// <summary>Creates an iterator over the default column family, or <paramref name="columnFamily"/> when given.</summary>
    public static IteratorSafeHandle Create(DbSafeHandle db, ColumnFamilySafeHandle? columnFamily, ReadOptionsSafeHandle readOptions)
    {
        var iterator = new IteratorSafeHandle(db, columnFamily, readOptions);
        var native = columnFamily is null
            ? NativeMethods.rocksdb_create_iterator(db.DangerousGetHandle(), readOptions.DangerousGetHandle())
            : NativeMethods.rocksdb_create_iterator_cf(
                db.DangerousGetHandle(),
                readOptions.DangerousGetHandle(),
                columnFamily.DangerousGetHandle());
        iterator.Attach(native);
        return iterator;
    }

    /// <inheritdoc />
    protected override void Destroy(IntPtr native) => NativeMethods.rocksdb_iter_destroy(native);

    /// <inheritdoc />
    protected override void OnReleasingParents() => _readOptions.RemoveIteratorLease();
}
