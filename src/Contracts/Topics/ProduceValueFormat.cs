namespace Kappa.Contracts.Topics;

/// <summary>How the values of a produce request are carried, as in Confluent's REST proxy embedded formats.</summary>
public enum ProduceValueFormat
{
    /// <summary>Each value is any JSON value, stored as its UTF-8 JSON text.</summary>
    Json,

    /// <summary>Each value is a base64 string, stored as the bytes it encodes (Avro, Protobuf, anything binary).</summary>
    Binary,
}
