using Kappa.Storage.Native;
using Xunit;

namespace Kappa.Storage.Tests.Native;

public sealed class NativeLibraryLoaderTests
{
    [Fact]
    public void Loads_the_installed_library_from_the_candidates()
    {
        Assert.NotEqual(IntPtr.Zero, NativeLibraryLoader.Load(NativeLibraryLoader.Candidates));
    }

    [Fact]
    public void Tries_the_debian_names_in_order()
    {
        Assert.Equal(["librocksdb.so", "librocksdb.so.7.8", "librocksdb.so.7"], NativeLibraryLoader.Candidates);
    }

    [Fact]
    public void Missing_library_fails_with_one_actionable_line()
    {
        var error = Assert.Throws<DllNotFoundException>(
            () => NativeLibraryLoader.Load(["libkappa-no-such-rocksdb.so", "libkappa-no-such-rocksdb.so.7"]));

        Assert.Equal(
            "RocksDB native library not found: install Debian's librocksdb-dev (apt-get install librocksdb-dev)",
            error.Message);
    }
}
