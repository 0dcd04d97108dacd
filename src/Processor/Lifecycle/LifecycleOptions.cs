using System.ComponentModel.DataAnnotations;

namespace Kappa.Processor.Lifecycle;

/// <summary>
/// Settings of the view lifecycle, bound from configuration section <c>Lifecycle</c> (e.g.
/// <c>Lifecycle__RetiredRetention=30.00:00:00</c>); the host sets <see cref="LocalCopyPath"/> after.
/// </summary>
public sealed class LifecycleOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string Section = "Lifecycle";

    /// <summary>
    /// The file holding this server's local copy of the control topic's events, so it knows every view's versions
    /// before it has read the topic again.
    /// </summary>
    [Required]
    public string LocalCopyPath { get; set; } = "./data/lifecycle.json";

    /// <summary>How many retired versions of a view are kept for rollback; older ones are dropped.</summary>
    [Range(0, 1000)]
    public int RetainRetired { get; set; } = 2;

    /// <summary>How long a retired version is kept for rollback before it is dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan RetiredRetention { get; set; } = TimeSpan.FromDays(7);
}
