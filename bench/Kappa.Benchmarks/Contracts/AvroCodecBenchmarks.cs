using System.Buffers;
using BenchmarkDotNet.Attributes;
using Kappa.Contracts.Avro;
using Kappa.Contracts.Events;

namespace Kappa.Benchmarks.Contracts;

/// <summary>
/// Avro binary decode and encode of the Nexmark bid (7 fields: four longs, three strings), one core. One operation
/// is one record; each invocation moves <see cref="Records"/> over 1,024 distinct bids. Generic: the codec's
/// AvroRecord (boxed fields) through AvroDatumReader/Writer. Typed: the generated <see cref="Bid"/>'s ReadFrom/WriteTo.
/// Encodes go to a reused buffer.
/// </summary>
public class AvroCodecBenchmarks
{
    public const int Records = 1_000_000;
    private const int Distinct = 1_024;

    private readonly AvroDatumReader _reader = new(Bid.Schema);
    private readonly AvroDatumWriter _writer = new(Bid.Schema);
    private readonly ArrayBufferWriter<byte> _output = new(1 << 16);
    private byte[] _encoded = [];
    private int[] _offsets = [];
    private AvroRecord[] _records = [];
    private Bid[] _bids = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _records = [.. Enumerable.Range(0, Distinct).Select(i => new Bid
        {
            Auction = 1000 + random.Next(10_000),
            Bidder = 1000 + random.Next(100_000),
            Price = random.Next(1, 10_000_000),
            Channel = random.Next(4) switch { 0 => "Google", 1 => "Facebook", 2 => "Baidu", _ => "Apple" },
            Url = $"https://www.nexmark.com/item.htm?query=1&channel_id={random.Next(1 << 20)}",
            DateTime = 1_795_341_600_000 + (i * 7),
            Extra = string.Empty,
        }.ToAvro())];
        var buffer = new ArrayBufferWriter<byte>();
        _offsets = new int[Distinct + 1];
        var writer = new AvroBinaryWriter(buffer);
        for (var i = 0; i < Distinct; i++)
        {
            _offsets[i] = buffer.WrittenCount;
            _writer.Write(writer, _records[i]);
        }

        _offsets[Distinct] = buffer.WrittenCount;
        _encoded = buffer.WrittenSpan.ToArray();
        _bids = [.. _records.Select(Bid.FromAvro)];
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public long DecodeTyped()
    {
        long sum = 0;
        for (var n = 0; n < Records; n++)
        {
            var i = n & (Distinct - 1);
            var reader = new AvroBinaryReader(_encoded.AsSpan(_offsets[i], _offsets[i + 1] - _offsets[i]));
            sum += Bid.ReadFrom(ref reader).Price;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public int EncodeTyped()
    {
        var writer = new AvroBinaryWriter(_output);
        var written = 0;
        for (var n = 0; n < Records; n++)
        {
            if (_output.WrittenCount > 60_000)
            {
                written += _output.WrittenCount;
                _output.ResetWrittenCount();
            }

            _bids[n & (Distinct - 1)].WriteTo(writer);
        }

        return written + _output.WrittenCount;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public long Decode()
    {
        long sum = 0;
        for (var n = 0; n < Records; n++)
        {
            var i = n & (Distinct - 1);
            var record = (AvroRecord)_reader.Decode(_encoded.AsSpan(_offsets[i], _offsets[i + 1] - _offsets[i]))!;
            sum += (long)record[2]!;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public int Encode()
    {
        var writer = new AvroBinaryWriter(_output);
        var written = 0;
        for (var n = 0; n < Records; n++)
        {
            if (_output.WrittenCount > 60_000)
            {
                written += _output.WrittenCount;
                _output.ResetWrittenCount();
            }

            _writer.Write(writer, _records[n & (Distinct - 1)]);
        }

        return written + _output.WrittenCount;
    }
}
