using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Kappa.Contracts.Avro;

/// <summary>
/// Writes an Avro object container file: header (magic, metadata with <c>avro.schema</c> and <c>avro.codec</c>, a
/// random sync marker), then blocks of values, each followed by the sync marker. Values are buffered and a block is
/// written when the buffer reaches the block size, on <see cref="Flush"/> and on <see cref="Dispose"/>.
/// </summary>
public sealed class AvroContainerWriter : IDisposable
{
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly AvroCodec _codec;
    private readonly int _blockSize;
    private readonly AvroDatumWriter _datumWriter;
    private readonly ArrayBufferWriter<byte> _block = new();
    private readonly AvroBinaryWriter _blockWriter;
    private readonly byte[] _sync = RandomNumberGenerator.GetBytes(AvroContainer.SyncSize);
    private long _count;
    private bool _disposed;

    /// <summary>Writes the header to <paramref name="output"/>.</summary>
    /// <param name="output">The file stream.</param>
    /// <param name="schema">The schema of every value.</param>
    /// <param name="codec">The block codec.</param>
    /// <param name="metadata">Extra metadata; keys starting with <c>avro.</c> are reserved.</param>
    /// <param name="blockSize">Uncompressed bytes buffered before a block is written.</param>
    /// <param name="leaveOpen">Whether disposing leaves <paramref name="output"/> open.</param>
    public AvroContainerWriter(
        Stream output,
        AvroSchema schema,
        AvroCodec codec = AvroCodec.Null,
        IReadOnlyDictionary<string, byte[]>? metadata = null,
        int blockSize = 64 * 1024,
        bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        _output = output;
        _leaveOpen = leaveOpen;
        _codec = codec;
        _blockSize = blockSize;
        _datumWriter = new AvroDatumWriter(schema);
        _blockWriter = new AvroBinaryWriter(_block);
        WriteHeader(schema, metadata ?? new Dictionary<string, byte[]>());
    }

    /// <summary>Appends one value.</summary>
    /// <exception cref="AvroEncodeException">The value does not fit the schema; nothing was appended.</exception>
    public void Append(object? value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var encoded = _datumWriter.Encode(value);
        _blockWriter.WriteFixed(encoded);
        _count++;
        if (_block.WrittenCount >= _blockSize)
        {
            Flush();
        }
    }

    /// <summary>Writes buffered values as a block and flushes the stream.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_count > 0)
        {
            var data = AvroContainer.Compress(_block.WrittenSpan, _codec);
            var header = new ArrayBufferWriter<byte>(20);
            var headerWriter = new AvroBinaryWriter(header);
            headerWriter.WriteLong(_count);
            headerWriter.WriteLong(data.Length);
            _output.Write(header.WrittenSpan);
            _output.Write(data);
            _output.Write(_sync);
            _block.Clear();
            _count = 0;
        }

        _output.Flush();
    }

    /// <summary>Writes the last block and closes the stream unless asked to leave it open.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Flush();
        _disposed = true;
        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }

    private void WriteHeader(AvroSchema schema, IReadOnlyDictionary<string, byte[]> metadata)
    {
        var header = new ArrayBufferWriter<byte>();
        var writer = new AvroBinaryWriter(header);
        writer.WriteFixed(AvroContainer.Magic);
        var entries = metadata.Where(e => !e.Key.StartsWith("avro.", StringComparison.Ordinal)).ToList();
        writer.WriteLong(entries.Count + 2);
        writer.WriteString(AvroContainer.SchemaKey);
        writer.WriteBytes(Encoding.UTF8.GetBytes(schema.ToJson()));
        writer.WriteString(AvroContainer.CodecKey);
        writer.WriteBytes(Encoding.UTF8.GetBytes(AvroContainer.CodecName(_codec)));
        foreach (var (key, value) in entries)
        {
            writer.WriteString(key);
            writer.WriteBytes(value);
        }

        writer.WriteLong(0);
        writer.WriteFixed(_sync);
        _output.Write(header.WrittenSpan);
    }
}
