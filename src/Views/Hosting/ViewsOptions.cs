using System.ComponentModel.DataAnnotations;

namespace Kappa.Views.Hosting;

/// <summary>Settings of the views server, bound from configuration section <c>Views</c>.</summary>
public sealed class ViewsOptions
{
    /// <summary>Folder of the materialized views' RocksDB.</summary>
    [Required]
    public string StoreDirectory { get; set; } = "./data/views";

    /// <summary>
    /// The bearer token admin operations must present. Null leaves them open, which suits a laptop and
    /// nothing else; the server warns about it at start-up.
    /// </summary>
    public string? AdminToken { get; set; }
}
