using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Kappa.Storage.Native;

/// <summary>
/// A native object that must not outlive the native objects it was created from: a column family handle, iterator,
/// snapshot or checkpoint must be destroyed before its database is closed, or RocksDB touches freed memory.
/// </summary>
/// <remarks>
/// Invariant: from construction until this handle's native object is destroyed, every parent holds one extra
/// reference (<see cref="SafeHandle.DangerousAddRef"/>), so disposing a parent only marks it closed and its release
/// runs when the last dependent lets go. The references are taken before the native object is created, which makes
/// the creation itself safe against a concurrent dispose of a parent.
/// <para>Life cycle: construct (references taken, handle invalid); create the native object using the parents'
/// pointers; then either <see cref="Attach"/> it or, if creation failed, <see cref="Abandon"/> the handle.</para>
/// </remarks>
internal abstract class DependentSafeHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly SafeHandle[] _parents;
    private int _parentsReleased;

    /// <summary>Takes one reference on each non-null parent; throws <see cref="ObjectDisposedException"/> if one is closed.</summary>
    protected DependentSafeHandle(params ReadOnlySpan<SafeHandle?> parents)
        : base(ownsHandle: true)
    {
        var taken = new List<SafeHandle>(parents.Length);
        try
        {
            foreach (var parent in parents)
            {
                if (parent is null)
                {
                    continue;
                }

                var added = false;
                parent.DangerousAddRef(ref added);
                taken.Add(parent);
            }
        }
        catch
        {
            for (var i = taken.Count - 1; i >= 0; i--)
            {
                taken[i].DangerousRelease();
            }

            throw;
        }

        _parents = [.. taken];
    }

    /// <summary>Takes ownership of the native object created for this handle.</summary>
    public void Attach(IntPtr native)
    {
        if (native == IntPtr.Zero)
        {
            Abandon();
            throw new InvalidOperationException($"RocksDB returned no object for {GetType().Name}.");
        }

        SetHandle(native);
    }

    /// <summary>Gives up a handle whose native object was never created: releases the parents and closes it.</summary>
    public void Abandon()
    {
        ReleaseParents();
        Dispose();
    }

    /// <summary>Destroys the native object; the parents are still alive while this runs.</summary>
    protected abstract void Destroy(IntPtr native);

    /// <summary>Runs once, just before the parent references are dropped.</summary>
    protected virtual void OnReleasingParents()
    {
    }

    /// <inheritdoc />
    protected sealed override bool ReleaseHandle()
    {
        Destroy(handle);
        ReleaseParents();
        return true;
    }

    private void ReleaseParents()
    {
        if (Interlocked.Exchange(ref _parentsReleased, 1) != 0)
        {
            return;
        }

        OnReleasingParents();
        for (var i = _parents.Length - 1; i >= 0; i--)
        {
            _parents[i].DangerousRelease();
        }
    }
}
