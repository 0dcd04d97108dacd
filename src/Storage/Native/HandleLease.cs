using System.Runtime.InteropServices;

namespace Kappa.Storage.Native;

/// <summary>
/// Holds one reference on a <see cref="SafeHandle"/> for the span of a native call, so that a concurrent
/// <c>Dispose</c> defers the release instead of freeing the object under RocksDB's feet. Acquiring a lease on a
/// disposed handle throws <see cref="ObjectDisposedException"/>. A lease on null is empty and yields a null pointer,
/// which is how optional arguments (column family, options) pass through.
/// </summary>
/// <remarks>Use with <c>using</c>; a lease is released exactly once, by its <see cref="Dispose"/>.</remarks>
internal readonly ref struct HandleLease
{
    private readonly SafeHandle? _handle;
    private readonly bool _added;

    /// <summary>Adds a reference to <paramref name="handle"/>, unless it is null.</summary>
    public HandleLease(SafeHandle? handle)
    {
        if (handle is null)
        {
            return;
        }

        handle.DangerousAddRef(ref _added);
        _handle = handle;
        Pointer = handle.DangerousGetHandle();
    }

    /// <summary>The native pointer, valid until <see cref="Dispose"/>; zero for an empty lease.</summary>
    public IntPtr Pointer { get; }

    /// <summary>Releases the reference.</summary>
    public void Dispose()
    {
        if (_added)
        {
            _handle!.DangerousRelease();
        }
    }
}
