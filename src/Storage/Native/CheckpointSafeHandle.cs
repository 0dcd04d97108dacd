namespace Kappa.Storage.Native;

/// <summary>Owns a <c>rocksdb_checkpoint_t</c>, which points at its database and so keeps it open.</summary>
internal sealed class CheckpointSafeHandle : DependentSafeHandle
{
    private CheckpointSafeHandle(DbSafeHandle db)
        : base(db)
    {
    }

    /// <summary>Creates a checkpoint object for <paramref name="db"/>.</summary>
    /// <exception cref="RocksDbException">RocksDB refused.</exception>
    public static unsafe CheckpointSafeHandle Create(DbSafeHandle db)
    {
        var checkpoint = new CheckpointSafeHandle(db);
        IntPtr native;
        try
        {
            var error = IntPtr.Zero;
            native = NativeMethods.rocksdb_checkpoint_object_create(db.DangerousGetHandle(), &error);
            NativeErrors.ThrowIfError(error);
        }
        catch
        {
            checkpoint.Abandon();
            throw;
        }

        checkpoint.Attach(native);
        return checkpoint;
    }

    /// <inheritdoc />
    protected override void Destroy(IntPtr native) => NativeMethods.rocksdb_checkpoint_object_destroy(native);
}
