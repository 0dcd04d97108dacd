namespace Kappa.Contracts.Avro;

/// <summary>Block compression of an object container file (<c>avro.codec</c>).</summary>
public enum AvroCodec
{
    /// <summary>Uncompressed (<c>null</c>).</summary>
    Null,

    /// <summary>Raw deflate, RFC 1951, without zlib header (<c>deflate</c>).</summary>
    Deflate,
}
