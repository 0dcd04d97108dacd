using System.Buffers;

namespace Kappa.Benchmarks.Processor;

/// <summary>One partition's events, generated in memory: their bytes back to back, with where each starts.</summary>
internal sealed class GeneratedPartition
{
    private readonly ArrayBufferWriter<byte> _bytes = new(1 << 20);
    private readonly List<int> _starts = [0];
    private readonly List<int> _keyLengths = [];
    private readonly List<long> _timestamps = [];

    public int Count => _keyLengths.Count;

    public void Add(ReadOnlySpan<byte> json, int keyLength, long timestamp)
    {
        _bytes.Write(json);
        _starts.Add(_bytes.WrittenCount);
        _keyLengths.Add(keyLength);
        _timestamps.Add(timestamp);
    }

    public ReadOnlyMemory<byte> Value(int index) => _bytes.WrittenMemory[_starts[index].._starts[index + 1]];

    public ReadOnlyMemory<byte> Key(int index) => _bytes.WrittenMemory.Slice(_starts[index] + EventGenerator.KeyStart, _keyLengths[index]);

    public long Timestamp(int index) => _timestamps[index];
}
