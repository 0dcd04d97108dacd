namespace Kappa.Storage.Native;

/// <summary>
/// The options used when a caller passes none. They are created once, never mutated and never disposed, so
/// concurrent calls can share them (RocksDB only reads options during a call).
/// </summary>
internal static class DefaultOptions
{
    /// <summary>Default read options.</summary>
    public static readonly ReadOptionsSafeHandle Read = new ReadOptionsSafeHandle();

    /// <summary>Default write options.</summary>
    public static readonly WriteOptionsSafeHandle Write = new WriteOptionsSafeHandle();

    /// <summary>Default flush options (wait for the flush to finish).</summary>
    public static readonly FlushOptionsSafeHandle Flush = new FlushOptionsSafeHandle();
}
