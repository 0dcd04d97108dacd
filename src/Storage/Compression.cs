namespace Kappa.Storage;

/// <summary>Block compression algorithms; the values are RocksDB's C API constants.</summary>
/// <remarks>
/// An algorithm the native library was built without makes opening the database fail with a
/// <see cref="RocksDbException"/>. Debian's build links Snappy, Zlib, BZip2, LZ4 and Zstd.
/// </remarks>
public enum Compression
{
    /// <summary>No compression.</summary>
    None = 0,

    /// <summary>Snappy (RocksDB's default).</summary>
    Snappy = 1,

    /// <summary>Zlib.</summary>
    Zlib = 2,

    /// <summary>BZip2.</summary>
    Bzip2 = 3,

    /// <summary>LZ4.</summary>
    Lz4 = 4,

    /// <summary>LZ4 high compression.</summary>
    Lz4hc = 5,

    /// <summary>Xpress (Windows only).</summary>
    Xpress = 6,

    /// <summary>Zstandard.</summary>
    Zstd = 7,
}
