using System.ComponentModel.DataAnnotations;
using Kappa.Contracts.Schemas;

namespace Kappa.Schemas.Hosting;

/// <summary>Settings of the embedded schema registry.</summary>
public sealed class SchemaRegistryOptions
{
    /// <summary>The compacted, single-partition topic that holds the registry; Confluent's name by default.</summary>
    [Required]
    [RegularExpression("^[a-zA-Z0-9._-]{1,249}$")]
    public string Topic { get; set; } = "_schemas";

    /// <summary>The global compatibility level until one is set over HTTP; Confluent's default, BACKWARD.</summary>
    public CompatibilityLevel DefaultCompatibility { get; set; } = CompatibilityLevel.Backward;
}
