namespace Kappa.Contracts.Avro;

/// <summary>
/// Reads a writer enum index and maps it to the reader's symbol by name; a writer symbol the reader lacks maps to the
/// reader's default symbol, or fails when the data uses it. <c>_map[i]</c> is the reader index for writer index i, or -1.
/// </summary>
internal sealed class EnumReadPlan : ReadPlan
{
    private readonly AvroEnumSchema _writer;
    private readonly AvroEnumSchema _reader;
    private readonly int[] _map;

    internal EnumReadPlan(AvroEnumSchema writer, AvroEnumSchema reader)
    {
        _writer = writer;
        _reader = reader;
        var fallback = reader.Default is null ? -1 : reader.IndexOf(reader.Default);
        _map = writer.Symbols.Select(s => reader.IndexOf(s) is var i && i >= 0 ? i : fallback).ToArray();
    }

    internal override object? Read(ref AvroBinaryReader reader, int depth)
    {
        var index = reader.ReadIndex(_map.Length, "enum");
        var mapped = _map[index];
        return mapped >= 0
            ? new AvroEnumSymbol(_reader, mapped)
            : throw new AvroDecodeException(
                $"writer symbol '{_writer.Symbols[index]}' is not in reader enum '{_reader.FullName}', which has no default");
    }
}
