using System.ComponentModel.DataAnnotations;

namespace Kappa.Views.Hosting;

/// <summary>
/// Settings of the views server, bound from configuration section <c>Views</c>, then set by the host: <c>kappa run</c>
/// takes the folder from <c>--data-dir</c> and the token from <c>KAPPA_ADMIN_TOKEN</c>.
/// </summary>
public sealed class ViewsOptions
{
    /// <summary>The configuration section the options are bound from: <c>Views</c> (e.g. <c>Views__BlockCacheBytes=268435456</c>).</summary>
    public const string Section = "Views";

    /// <summary>Folder of the materialized views' RocksDB.</summary>
    [Required]
    public string StoreDirectory { get; set; } = "./data/views";

    /// <summary>
    /// The bearer token admin operations must present. Null (or empty) accepts them from the server's own machine
    /// only; the server warns about it at start-up.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>
    /// Bytes of the least-recently-used cache of uncompressed table blocks that every version of every view shares
    /// (RocksDB's block cache), from 1 MiB to 1 TiB; 64 MiB by default. Point queries and the materializer's reads of
    /// partial states hit it; full scans (the gates, diffs, content hashes) bypass it so that they do not evict what
    /// queries read. Size it to the blocks queries touch: a block missing from it costs a read from the page cache, or
    /// the disk, and a decompression.
    /// </summary>
    [Range(typeof(long), "1048576", "1099511627776")]
    public long BlockCacheBytes { get; set; } = Store.ViewStore.DefaultBlockCacheBytes;
}
