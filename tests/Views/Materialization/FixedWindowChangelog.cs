using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Kappa.Contracts.Views;
using Kappa.Log.Abstractions;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;
using Kappa.Processor.Pipeline;

namespace Kappa.Views.Tests.Materialization;

/// <summary>
/// Changelog records as the tasks of an hourly <c>count()</c> and <c>sum(amount)</c> view write them: per key, hour
/// and source partition, the partial row with its running states, on the changelog partition of the source partition.
/// </summary>
internal sealed class FixedWindowChangelog
{
    public const long Hour = 3_600_000;

    public CompiledView View { get; } = ViewCompiler.CompileText("""
        view: sales
        source: orders
        key: [customer]
        window: { tumbling: 1h }
        aggregates: { n: count(), total: sum(amount) }
        """, "sales.yaml")[0];

    private readonly Dictionary<(string Key, long Start, int Partition), (IAggregateState Count, IAggregateState Sum)> _partials = [];

    /// <summary>
    /// Adds <paramref name="amounts"/> to a key's hour on a source partition and returns the partial record the
    /// partition's task would publish next.
    /// </summary>
    public ProducerRecord Add(string key, int hour, int partition, params decimal[] amounts)
    {
        var start = hour * Hour;
        if (!_partials.TryGetValue((key, start, partition), out var states))
        {
            _partials[(key, start, partition)] = states = (View.Aggregates[0].CreateState(), View.Aggregates[1].CreateState());
        }

        foreach (var amount in amounts)
        {
            var position = new EventPosition(start, partition, 0);
            states.Count.Add(FieldValue.Missing, position);
            states.Sum.Add(FieldValue.FromNumber(amount), position);
        }

        var state = new ArrayBufferWriter<byte>();
        var header = state.GetSpan(16);
        BinaryPrimitives.WriteInt64BigEndian(header, start);
        BinaryPrimitives.WriteInt64BigEndian(header[8..], start + Hour);
        state.Advance(16);
        foreach (var aggregate in new[] { states.Count, states.Sum })
        {
            var bytes = new ArrayBufferWriter<byte>();
            aggregate.Write(bytes);
            BinaryPrimitives.WriteInt32BigEndian(state.GetSpan(4), bytes.WrittenCount);
            state.Advance(4);
            state.Write(bytes.WrittenSpan);
        }

        var rowKey = RowKey.Encode(Encoding.UTF8.GetBytes(key), start);
        var recordKey = new byte[rowKey.Length + 4];
        rowKey.CopyTo(recordKey, 0);
        BinaryPrimitives.WriteInt32BigEndian(recordKey.AsSpan(rowKey.Length), partition);
        var json = $$"""{"partition":{{partition}},"state":"{{Convert.ToBase64String(state.WrittenSpan)}}"}""";
        return new ProducerRecord(recordKey, Encoding.UTF8.GetBytes(json), start, partition);
    }

    /// <summary>
    /// A deterministic changelog: <paramref name="keys"/> keys over 3 hours, most fed by one source partition, every
    /// fifth by two or three (so the materializer merges), each row published several times with growing partials.
    /// </summary>
    public List<ProducerRecord> Generate(int keys, int seed)
    {
        var random = new Random(seed);
        var records = new List<ProducerRecord>();
        for (var round = 0; round < 4; round++)
        {
            for (var k = 0; k < keys; k++)
            {
                var key = $"c{k}";
                var partitions = k % 5 == 0 ? new[] { k % 4, (k + 1) % 4, (k + 2) % 4 }[..(2 + (k % 2))] : [k % 4];
                foreach (var partition in partitions)
                {
                    var hour = random.Next(3);
                    records.Add(Add(key, hour, partition, random.Next(1, 100_000) / 100m));
                }
            }
        }

        return records;
    }
}
