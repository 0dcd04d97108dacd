using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Kappa.Storage.Native;

/// <summary>
/// Turns RocksDB's <c>char** errptr</c> convention into exceptions. RocksDB leaves the pointer null on success
/// and otherwise stores a malloc()ed message that the caller must free with <c>rocksdb_free</c>.
/// </summary>
internal static class NativeErrors
{
    /// <summary>Throws <see cref="RocksDbException"/> with RocksDB's message when <paramref name="error"/> is set, freeing it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ThrowIfError(IntPtr error)
    {
        if (error != IntPtr.Zero)
        {
            Throw(error);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(IntPtr error) =>
        throw new RocksDbException(NativeStrings.TakeOwnership(error) ?? "RocksDB reported an error without a message");
}
