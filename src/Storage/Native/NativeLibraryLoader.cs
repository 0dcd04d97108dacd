using System.Reflection;
using System.Runtime.InteropServices;

namespace Kappa.Storage.Native;

/// <summary>
/// Finds RocksDB's shared library for the <c>[LibraryImport]</c> declarations in <see cref="NativeMethods"/>.
/// Debian's librocksdb-dev installs <c>librocksdb.so</c> (a development symlink) and the versioned
/// runtime names; the runtime names are tried too so a machine with only the runtime package works.
/// When nothing loads, the failure is one actionable line instead of the runtime's multi-line probe log.
/// </summary>
internal static class NativeLibraryLoader
{
    /// <summary>The library name every declaration in <see cref="NativeMethods"/> uses.</summary>
    public const string LibraryName = "rocksdb";

    /// <summary>The message of the <see cref="DllNotFoundException"/> thrown when no candidate loads.</summary>
    public const string NotFoundMessage =
        "RocksDB native library not found: install Debian's librocksdb-dev (apt-get install librocksdb-dev)";

    /// <summary>File names tried in order; the first that loads wins.</summary>
    public static readonly IReadOnlyList<string> Candidates = ["librocksdb.so", "librocksdb.so.7.8", "librocksdb.so.7"];

    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>Installs the resolver for this assembly; later calls do nothing.</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
            _registered = true;
        }
    }

    /// <summary>Loads the first candidate that the dynamic linker accepts.</summary>
    /// <exception cref="DllNotFoundException">No candidate loads.</exception>
    public static IntPtr Load(IEnumerable<string> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (NativeLibrary.TryLoad(candidate, out var library))
            {
                return library;
            }
        }

        throw new DllNotFoundException(NotFoundMessage);
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == LibraryName ? Load(Candidates) : IntPtr.Zero;
}
