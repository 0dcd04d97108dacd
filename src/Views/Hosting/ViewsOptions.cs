using System.ComponentModel.DataAnnotations;

namespace Kappa.Views.Hosting;

/// <summary>
/// Settings of the views server, set by the host: <c>kappa run</c> takes the folder from <c>--data-dir</c> and the token
/// from <c>KAPPA_ADMIN_TOKEN</c>.
/// </summary>
public sealed class ViewsOptions
{
    /// <summary>Folder of the materialized views' RocksDB.</summary>
    [Required]
    public string StoreDirectory { get; set; } = "./data/views";

    /// <summary>
    /// The bearer token admin operations must present. Null (or empty) accepts them from the server's own machine
    /// only; the server warns about it at start-up.
    /// </summary>
    public string? AdminToken { get; set; }
}
