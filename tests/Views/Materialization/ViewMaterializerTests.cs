using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Kappa.Contracts.Views;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;
using Kappa.Processor.Pipeline;
using Kappa.TestKit;
using Kappa.Views.Materialization;
using Kappa.Views.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Kappa.Views.Tests.Materialization;

/// <summary>The materializer over a real embedded log and view store, fed changelog records as tasks write them.</summary>
[Trait("Category", "Integration")]
public sealed class ViewMaterializerTests : IAsyncDisposable
{
    private const long Minute = 60_000;
    private readonly TempDirectory _dir = new("materializer");
    private readonly EmbeddedLog _log;
    private readonly ViewStore _store;
    private readonly CompiledView _view = ViewCompiler.CompileText("""
        view: visits
        source: clicks
        key: [user]
        window: { session: { gap: 30m } }
        aggregates: { n: count() }
        """, "visits.yaml")[0];

    public ViewMaterializerTests()
    {
        _log = EmbeddedLog.Open(new EmbeddedLogOptions { DataDirectory = _dir.Combine("log") });
        _store = ViewStore.Open(_dir.Combine("views"));
    }

    [Fact]
    public async Task One_keys_sessions_from_two_source_partitions_merge_and_split_again_when_one_is_retired()
    {
        await _log.Admin.CreateTopicAsync(new TopicSpec(_view.ChangelogTopic(1), 2, new TopicConfig(Compacted: true)));

        // Partition 0's session [0, 30m) touches partition 1's [30m, 60m): one session of three events. Partition
        // 1's [2h, 2h30m) stays apart.
        await PublishAsync(Partial(0, 0, 30 * Minute, 2), Partial(1, 30 * Minute, 60 * Minute, 1), Partial(1, 120 * Minute, 150 * Minute, 1));
        await MaterializeAsync();
        Assert.Equal(["0-60 n=3", "120-150 n=1"], Rows());

        // Partition 0 retires its row (its session moved to start at 40m and now overlaps partition 1's).
        await PublishAsync(Tombstone(0, 0), Partial(0, 40 * Minute, 80 * Minute, 3));
        await MaterializeAsync();

        Assert.Equal(["30-80 n=4", "120-150 n=1"], Rows());
        Assert.Equal(2, _store.CountRows(_view.Name, 1));
    }

    private List<string> Rows() =>
        [.. _store.ReadKey(_view.Name, 1, "u"u8).Select(json =>
        {
            var row = JsonSerializer.Deserialize<ViewRow>(json, Contracts.KappaJson.Options)!;
            return $"{row.WindowStart.ToUnixTimeMilliseconds() / Minute}-{row.WindowEnd.ToUnixTimeMilliseconds() / Minute} n={row.Values["n"]}";
        })];

    /// <summary>A task's changelog record: row key and partition, and the partial row (only its state is read).</summary>
    private ProducerRecord Partial(int partition, long start, long end, int events)
    {
        var state = new ArrayBufferWriter<byte>();
        var header = state.GetSpan(16);
        BinaryPrimitives.WriteInt64BigEndian(header, start);
        BinaryPrimitives.WriteInt64BigEndian(header[8..], end);
        state.Advance(16);
        var count = _view.Aggregates[0].CreateState();
        for (var i = 0; i < events; i++)
        {
            count.Add(FieldValue.Missing, new EventPosition(start + i, partition, i));
        }

        var aggregate = new ArrayBufferWriter<byte>();
        count.Write(aggregate);
        BinaryPrimitives.WriteInt32BigEndian(state.GetSpan(4), aggregate.WrittenCount);
        state.Advance(4);
        state.Write(aggregate.WrittenSpan);
        var json = $$"""{"partition":{{partition}},"state":"{{Convert.ToBase64String(state.WrittenSpan)}}"}""";
        return new ProducerRecord(Key(partition, start), Encoding.UTF8.GetBytes(json), start, partition);
    }

    private static ProducerRecord Tombstone(int partition, long start) => new(Key(partition, start), null, start, partition);

    private static byte[] Key(int partition, long start)
    {
        var rowKey = RowKey.Encode("u"u8, start);
        var key = new byte[rowKey.Length + 4];
        rowKey.CopyTo(key, 0);
        BinaryPrimitives.WriteInt32BigEndian(key.AsSpan(rowKey.Length), partition);
        return key;
    }

    private async Task PublishAsync(params ProducerRecord[] records)
    {
        using var producer = _log.CreateProducer();
        await producer.AppendAsync(_view.ChangelogTopic(1), records);
    }

    /// <summary>Runs the materializer until it has applied the whole changelog.</summary>
    private async Task MaterializeAsync()
    {
        var changelog = (await _log.Admin.DescribeTopicAsync(_view.ChangelogTopic(1)))!;
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => new ViewMaterializer(_view, 1, _log, _store, 100, NullLogger.Instance, 1).RunAsync(changelog, stop.Token));
        using var probe = _log.CreateConsumer("probe");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        for (var p = 0; p < changelog.Partitions; p++)
        {
            var end = probe.GetWatermarks(new TopicPartition(changelog.Name, p)).High;
            while ((_store.ReadNextOffset(_view.Name, 1, p) ?? 0) < end && DateTime.UtcNow < deadline && !run.IsFaulted)
            {
                await Task.Delay(10);
            }
        }

        await stop.CancelAsync();
        await run;
    }

    public async ValueTask DisposeAsync()
    {
        _store.Dispose();
        await _log.DisposeAsync();
        _dir.Dispose();
    }
}
