namespace Kappa.Contracts.Definitions;

/// <summary>How the values of a view's source topic are encoded.</summary>
public enum SourceFormat
{
    /// <summary>UTF-8 JSON, one value per record.</summary>
    Json,

    /// <summary>
    /// Avro binary in Confluent's wire format: a zero byte, the writer schema's registry id (4 bytes, big-endian),
    /// then the value. The processor reads each value with the writer schema its id names.
    /// </summary>
    Avro,
}
