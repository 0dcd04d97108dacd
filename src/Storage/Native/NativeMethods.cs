using System.Runtime.InteropServices;

namespace Kappa.Storage.Native;

/// <summary>
/// The RocksDB C API (rocksdb/c.h, 7.8), declared one-to-one with raw pointers. Nothing here owns or
/// checks anything: the public wrappers hold a <see cref="HandleLease"/> on every handle they pass, pin every
/// span, and route every <c>char** errptr</c> through <see cref="NativeErrors"/>. An <c>errptr</c> must point
/// at a null pointer before the call, because RocksDB only writes it on failure.
/// </summary>
/// <remarks>
/// The static constructor installs the library resolver; it runs before any declaration in this class is
/// first called, so no P/Invoke can bind without it.
/// </remarks>
internal static unsafe partial class NativeMethods
{
    static NativeMethods()
    {
        NativeLibraryLoader.EnsureRegistered();
    }

    /// <summary>Frees memory that RocksDB allocated for the caller (values, error and property strings).</summary>
    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_free(IntPtr ptr);
}
