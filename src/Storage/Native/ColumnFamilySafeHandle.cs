namespace Kappa.Storage.Native;

/// <summary>Owns a <c>rocksdb_column_family_handle_t</c>; RocksDB requires these destroyed before the database closes.</summary>
internal sealed class ColumnFamilySafeHandle : DependentSafeHandle
{
    /// <summary>Creates an unattached handle that keeps <paramref name="db"/> open.</summary>
    public ColumnFamilySafeHandle(DbSafeHandle db)
        : base(db)
    {
    }

    /// <inheritdoc />
    protected override void Destroy(IntPtr native) => NativeMethods.rocksdb_column_family_handle_destroy(native);
}
