using System.Collections.Concurrent;

namespace Kappa.Contracts.Avro.Confluent;

/// <summary>
/// Decodes Confluent-framed Avro values, resolving each writer schema (by the id in the frame) against an optional
/// reader schema. Writer schemas and their resolved readers are cached by id: a schema id is immutable in a
/// registry, so each is fetched once. Thread-safe.
/// Every failure (a bad frame, an unknown id, bytes that do not decode, a writer schema the reader cannot resolve)
/// is an exception naming the cause, for the caller to dead-letter; none is a crash.
/// </summary>
public sealed class ConfluentAvroDeserializer
{
    private readonly ISchemaSource _schemas;
    private readonly AvroSchema? _readerSchema;
    private readonly ConcurrentDictionary<int, Task<AvroDatumReader>> _readers = new();
    private readonly Func<int, Task<AvroDatumReader>> _create;

    /// <summary>Creates a deserializer over a schema source, reading values as <paramref name="readerSchema"/> when given.</summary>
    public ConfluentAvroDeserializer(ISchemaSource schemas, AvroSchema? readerSchema = null)
    {
        _schemas = schemas;
        _readerSchema = readerSchema;
        _create = CreateAsync;
    }

    /// <summary>Decodes one framed value.</summary>
    /// <exception cref="AvroDecodeException">The frame or the bytes are bad.</exception>
    /// <exception cref="UnknownSchemaException">The frame names an unknown schema id.</exception>
    /// <exception cref="AvroSchemaException">The writer schema cannot be read as the reader schema.</exception>
    public async ValueTask<object?> DeserializeAsync(ReadOnlyMemory<byte> framed, CancellationToken cancellationToken = default)
    {
        var id = ConfluentWireFormat.ReadHeader(framed.Span, out _);
        var lookup = Reader(id);
        var reader = lookup.IsCompletedSuccessfully ? lookup.Result : await lookup.WaitAsync(cancellationToken);
        return reader.Decode(framed.Span[ConfluentWireFormat.HeaderLength..]);
    }

    private Task<AvroDatumReader> Reader(int id)
    {
        if (_readers.TryGetValue(id, out var cached))
        {
            if (!cached.IsFaulted && !cached.IsCanceled)
            {
                return cached;
            }

            // A failed lookup (say, the registry was unreachable) is not kept: this value asks again.
            _readers.TryRemove(new KeyValuePair<int, Task<AvroDatumReader>>(id, cached));
        }

        return _readers.GetOrAdd(id, _create);
    }

    // Shared by every caller, so it must not carry one caller's cancellation.
    private async Task<AvroDatumReader> CreateAsync(int id)
    {
        var writerSchema = await _schemas.GetSchemaAsync(id, CancellationToken.None);
        return new AvroDatumReader(writerSchema, _readerSchema);
    }
}
