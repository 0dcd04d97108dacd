using System.Buffers;
using System.Text;
using System.Text.Json;
using Kappa.Contracts.Avro.Confluent;
using Kappa.Contracts.Views;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;
using Kappa.Processor.Hosting;
using Kappa.Processor.Pipeline;
using Kappa.Processor.Telemetry;
using Kappa.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

/// <summary>
/// Runs a view's tasks over a real embedded log and RocksDB until they have consumed every record, then reads
/// the changelog back the way the materializer does: last partial per (row, partition), merged per row.
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("pipeline");
    private readonly EmbeddedLog _log;
    private readonly CompiledView _view;
    private readonly int _partitions;
    private int? _changelogPartitions;

    private PipelineHarness(CompiledView view, int partitions)
    {
        _view = view;
        _partitions = partitions;
        _log = EmbeddedLog.Open(new EmbeddedLogOptions { DataDirectory = _dir.Combine("log") });
    }

    public ILog Log => _log;

    public CompiledView View => _view;

    /// <summary>Where Avro views read writer schemas from.</summary>
    public ISchemaSource? Schemas { get; set; }

    /// <summary>Where task <paramref name="partition"/> keeps its RocksDB.</summary>
    public string TaskDirectory(int partition) => _dir.Combine("state", $"{_view.Name}.v1", $"p{partition}");

    public static Task<PipelineHarness> StartAsync(string yaml, int partitions = 3) =>
        StartAsync(ViewCompiler.CompileText(yaml, "test.yaml")[0], partitions);

    /// <param name="view">The view.</param>
    /// <param name="partitions">The source's partitions.</param>
    /// <param name="changelogPartitions">The changelog's, when fewer: as if partitions were added to the source later.</param>
    public static async Task<PipelineHarness> StartAsync(CompiledView view, int partitions = 3, int? changelogPartitions = null)
    {
        var harness = new PipelineHarness(view, partitions);
        await harness._log.Admin.CreateTopicAsync(new TopicSpec(view.Source, partitions));
        await harness._log.Admin.CreateTopicAsync(new TopicSpec(view.ChangelogTopic(1), changelogPartitions ?? partitions, new TopicConfig(Compacted: true)));
        harness._changelogPartitions = changelogPartitions;
        return harness;
    }

    /// <summary>Appends JSON events, each to the given partition, in order.</summary>
    public async Task AppendAsync(IEnumerable<(int Partition, string? Key, string Json, long Timestamp)> events)
    {
        using var producer = _log.CreateProducer();
        var records = events.Select(e => new ProducerRecord(
            e.Key is null ? null : Encoding.UTF8.GetBytes(e.Key),
            Encoding.UTF8.GetBytes(e.Json),
            e.Timestamp,
            e.Partition)).ToArray();
        await producer.AppendAsync(_view.Source, records);
    }

    /// <summary>
    /// Sets the task group's committed offsets to what each task's stored state says, as a crash between a task's
    /// commit and its group commit leaves them.
    /// </summary>
    public async Task RewindGroupToStateAsync()
    {
        using var group = _log.CreateConsumer(ViewTask.GroupId(_view.Name, 1));
        for (var p = 0; p < _partitions; p++)
        {
            if (!Directory.Exists(TaskDirectory(p)))
            {
                continue;
            }

            using var store = TaskStore.Open(TaskDirectory(p), _view.Aggregates);
            var next = store.ReadMeta().NextOffset;
            await group.CommitAsync([new TopicPartitionOffset(_view.Source, p, Math.Max(next, 0))]);
        }
    }

    /// <summary>Sets the task group's committed offset of a partition, as the last group commit of a task that died.</summary>
    public async Task CommitGroupAsync(int partition, long offset)
    {
        using var group = _log.CreateConsumer(ViewTask.GroupId(_view.Name, 1));
        await group.CommitAsync([new TopicPartitionOffset(_view.Source, partition, offset)]);
    }

    /// <summary>Deletes every task's local state, as when the partitions move to a process that never owned them.</summary>
    public void DeleteTaskState() => Directory.Delete(Path.GetDirectoryName(TaskDirectory(0))!, recursive: true);

    /// <summary>Appends raw values (Avro frames, or bytes that are not one), each to the given partition, in order.</summary>
    public async Task AppendValuesAsync(IEnumerable<(int Partition, byte[] Value)> values)
    {
        using var producer = _log.CreateProducer();
        await producer.AppendAsync(_view.Source, values.Select(v => new ProducerRecord(null, v.Value, 0, v.Partition)).ToArray());
    }

    /// <summary>Runs every partition's task until it has committed the end of its partition; returns the counters.</summary>
    /// <param name="maxPollRecords">Records per poll, and so how the work is cut into commits.</param>
    /// <param name="cacheMaxRows">Past this many cached rows a commit evicts the clean ones, so rows are re-read.</param>
    /// <param name="metrics">The processor's instruments, to give every task its telemetry; none when null.</param>
    /// <param name="configure">Changes to the options the tasks run with (which commit every millisecond otherwise).</param>
    public async Task<TaskCounters> RunUntilCaughtUpAsync(int maxPollRecords = 500, int cacheMaxRows = 1_000_000, ProcessorMetrics? metrics = null, Action<ProcessorOptions>? configure = null)
    {
        var options = new ProcessorOptions
        {
            StateDirectory = _dir.Combine("state"),
            CommitInterval = TimeSpan.FromMilliseconds(1),
            MaxPollRecords = maxPollRecords,
            CacheMaxRows = cacheMaxRows,
            Schemas = Schemas,
        };
        configure?.Invoke(options);
        using var stop = new CancellationTokenSource();
        var status = new ProcessorStatus();
        var tasks = Enumerable.Range(0, _partitions).Select(p => new ViewTask(_view, 1, p, _log, options, NullLogger.Instance, status, telemetry: metrics?.ForTask(_view, 1, p), changelogPartitions: _changelogPartitions)).ToList();
        var runs = tasks.Select(t => Task.Run(() => t.RunAsync(stop.Token))).ToList();
        using var probe = _log.CreateConsumer(ViewTask.GroupId(_view.Name, 1));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        for (var p = 0; p < _partitions; p++)
        {
            var end = probe.GetWatermarks(new TopicPartition(_view.Source, p)).High;
            // Caught up: the group commit is at the end, and the task reported it (a restoring task reports once restored).
            while ((await probe.CommittedAsync(new TopicPartition(_view.Source, p)) ?? 0) < end
                || !status.Partitions(_view.Name, 1).TryGetValue(p, out var progress) || Math.Max(progress.NextOffset, 0) < end)
            {
                if (DateTime.UtcNow > deadline || runs.Any(r => r.IsFaulted))
                {
                    await stop.CancelAsync();
                    await Task.WhenAll(runs);
                    throw new TimeoutException($"partition {p} did not catch up");
                }

                await Task.Delay(10);
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(runs);
        return tasks.Aggregate(default(TaskCounters), (sum, t) => sum + t.Counters);
    }

    /// <summary>The view as the materializer would show it: row (key, window start) → values JSON.</summary>
    public async Task<Dictionary<(string Key, DateTimeOffset Start), string>> ReadViewAsync()
    {
        var rows = new Dictionary<(string, DateTimeOffset), string>();
        foreach (var (_, json) in await RenderViewAsync())
        {
            var row = JsonSerializer.Deserialize<ViewRow>(json, Contracts.KappaJson.Options)!;
            rows[(row.Key, row.WindowStart)] = JsonSerializer.Serialize(row.Values);
        }

        return rows;
    }

    /// <summary>The view's rows with their windows: (key, window start, window end) → values JSON.</summary>
    public async Task<Dictionary<(string Key, DateTimeOffset Start, DateTimeOffset End), string>> ReadWindowsAsync()
    {
        var rows = new Dictionary<(string, DateTimeOffset, DateTimeOffset), string>();
        foreach (var (_, json) in await RenderViewAsync())
        {
            var row = JsonSerializer.Deserialize<ViewRow>(json, Contracts.KappaJson.Options)!;
            rows[(row.Key, row.WindowStart, row.WindowEnd)] = JsonSerializer.Serialize(row.Values);
        }

        return rows;
    }

    /// <summary>A hash of the view's rows as they render, in row-key order: equal hashes mean byte-identical views.</summary>
    public async Task<string> HashViewAsync()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var (rowKey, json) in await RenderViewAsync())
        {
            hash.AppendData(rowKey);
            hash.AppendData(json);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>
    /// The view's rows in row-key order, merged from the changelog the way the materializer merges them: the last
    /// partial per (row, partition), a tombstone deleting it; fixed windows merged per row, sessions and sliding windows
    /// per key.
    /// </summary>
    private async Task<List<(byte[] RowKey, byte[] Json)>> RenderViewAsync()
    {
        var renderer = new RowRenderer(_view);
        var partials = new SortedDictionary<byte[], SortedDictionary<int, byte[]>>(Storage.ByteArrayComparer.Instance);
        foreach (var record in await ReadTopicAsync(_view.ChangelogTopic(1)))
        {
            var rowKey = record.Key![..^4];
            if (record.Value is null)
            {
                if (partials.TryGetValue(rowKey, out var retired))
                {
                    retired.Remove(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(record.Key.AsSpan(record.Key.Length - 4)));
                }

                continue;
            }

            var (partition, state) = RowRenderer.ReadPartial(record.Value, out var rowEnd);
            if (rowEnd > 0 && _view.Sessions is null && _view.Sliding is null)
            {
                // The materializer takes a row that one partition alone contributed to from that partition's record:
                // it must be the row that merging the record's state alone renders.
                var row = new ArrayBufferWriter<byte>();
                RowRenderer.RowOfPartial(record.Value.AsSpan(0, rowEnd), row);
                Assert.Equal(
                    Encoding.UTF8.GetString(renderer.RenderMerged(RowKey.Decode(rowKey).Key, [state])),
                    Encoding.UTF8.GetString(row.WrittenSpan));
            }

            if (!partials.TryGetValue(rowKey, out var parts))
            {
                partials[rowKey] = parts = [];
            }

            parts[partition] = state;
        }

        var rows = new List<(byte[], byte[])>();
        if (_view.Sliding is not null)
        {
            // Every bucket of a key counts as changed: all of its sliding windows, at once.
            foreach (var key in partials.GroupBy(p => Convert.ToHexString(p.Key[..^8]), StringComparer.Ordinal))
            {
                var groupKey = RowKey.Decode(key.First().Key).Key;
                var buckets = key.SelectMany(p => p.Value.Values.Select(state => (RowKey.Decode(p.Key).WindowStart, state))).ToList();
                var unmergeable = new List<string>();
                foreach (var (start, json) in renderer.RenderSliding(groupKey, buckets, [.. buckets.Select(b => b.WindowStart)], unmergeable))
                {
                    rows.Add((RowKey.Encode(groupKey, start), json));
                }
            }

            return rows;
        }

        if (_view.Sessions is null)
        {
            foreach (var (rowKey, parts) in partials)
            {
                if (parts.Count > 0)
                {
                    rows.Add((rowKey, renderer.RenderMerged(RowKey.Decode(rowKey).Key, [.. parts.Values])));
                }
            }

            return rows;
        }

        foreach (var key in partials.Where(p => p.Value.Count > 0).GroupBy(p => Convert.ToHexString(p.Key[..^8]), StringComparer.Ordinal))
        {
            var groupKey = RowKey.Decode(key.First().Key).Key;
            foreach (var (start, json) in renderer.RenderSessions(groupKey, [.. key.SelectMany(p => p.Value.Values)]))
            {
                rows.Add((RowKey.Encode(groupKey, start), json));
            }
        }

        return rows;
    }

    /// <summary>Every record of a topic, all partitions, as (key, value, headers).</summary>
    public async Task<List<(byte[]? Key, byte[]? Value, IReadOnlyList<RecordHeader> Headers)>> ReadTopicAsync(string topic)
    {
        var description = await _log.Admin.DescribeTopicAsync(topic);
        var records = new List<(byte[]?, byte[]?, IReadOnlyList<RecordHeader>)>();
        if (description is null)
        {
            return records;
        }

        using var consumer = _log.CreateConsumer($"reader-{Guid.NewGuid():N}");
        consumer.Assign([.. Enumerable.Range(0, description.Partitions).Select(p => new TopicPartitionOffset(topic, p, LogOffset.Beginning))]);
        while (true)
        {
            var batch = await consumer.PollAsync(10_000, TimeSpan.FromMilliseconds(50));
            if (batch.IsEmpty)
            {
                return records;
            }

            foreach (var record in batch.Records.ToArray())
            {
                records.Add((record.Key?.ToArray(), record.Value?.ToArray(), record.Headers.ToList()));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _log.DisposeAsync();
        _dir.Dispose();
    }
}
