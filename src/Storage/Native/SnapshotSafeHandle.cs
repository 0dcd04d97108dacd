namespace Kappa.Storage.Native;

/// <summary>Owns a <c>rocksdb_snapshot_t</c>; releasing a snapshot needs its database, which this handle keeps open.</summary>
internal sealed class SnapshotSafeHandle : DependentSafeHandle
{
    private readonly DbSafeHandle _db;

    private SnapshotSafeHandle(DbSafeHandle db)
        : base(db)
    {
        _db = db;
    }

    /// <summary>Takes a snapshot of <paramref name="db"/>.</summary>
    public static SnapshotSafeHandle Create(DbSafeHandle db)
    {
        var snapshot = new SnapshotSafeHandle(db);
        snapshot.Attach(NativeMethods.rocksdb_create_snapshot(db.DangerousGetHandle()));
        return snapshot;
    }

    /// <inheritdoc />
    protected override void Destroy(IntPtr native) =>
        NativeMethods.rocksdb_release_snapshot(_db.DangerousGetHandle(), native);
}
