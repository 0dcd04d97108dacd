using System.IO.Compression;

namespace Kappa.Contracts.Avro;

/// <summary>Constants and codec helpers shared by the object container file reader and writer.</summary>
internal static class AvroContainer
{
    internal const int SyncSize = 16;
    internal const string SchemaKey = "avro.schema";
    internal const string CodecKey = "avro.codec";

    /// <summary>Largest decompressed block accepted, so a small hostile block cannot inflate without bound.</summary>
    internal const int MaxBlockSize = 256 * 1024 * 1024;

    internal static ReadOnlySpan<byte> Magic => "Obj\u0001"u8;

    internal static string CodecName(AvroCodec codec) => codec == AvroCodec.Deflate ? "deflate" : "null";

    internal static byte[] Compress(ReadOnlySpan<byte> data, AvroCodec codec)
    {
        if (codec == AvroCodec.Null)
        {
            return data.ToArray();
        }

        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return output.ToArray();
    }

    internal static ReadOnlyMemory<byte> Decompress(ReadOnlyMemory<byte> block, AvroCodec codec)
    {
        if (codec == AvroCodec.Null)
        {
            return block;
        }

        try
        {
            using var deflate = new DeflateStream(new MemoryStream(block.ToArray()), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = deflate.Read(buffer)) > 0)
            {
                if (output.Length + read > MaxBlockSize)
                {
                    throw new AvroDecodeException($"deflate block inflates beyond {MaxBlockSize} bytes");
                }

                output.Write(buffer, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new AvroDecodeException($"corrupt deflate block: {e.Message}", e);
        }
    }
}
