using System.Diagnostics;
using Kappa.Contracts.Views;
using Kappa.Log.Abstractions;
using Kappa.Processor.Changelog;
using Kappa.Processor.Hosting;
using Kappa.Processor.State;
using Kappa.Processor.Windows;
using Microsoft.Extensions.Logging;

namespace Kappa.Processor.Tasks;

/// <summary>
/// Processes one partition of a view's source topic into rows of one view version.
/// <para>
/// Protocol, per commit: (1) fold the polled records into the write-back cache; (2) write the dirty rows,
/// the next input offset and one pending changelog update per dirty row in one RocksDB batch;
/// (3) publish the pending updates to changelog partition = input partition, in sequence order;
/// (4) forget the published updates; (5) commit the group offset, which serves lag monitoring only.
/// On start the task resumes from the offset in its store (never from the group offset) and first
/// re-publishes any pending updates. A crash between any two steps therefore neither loses nor double
/// counts input, and republished updates are identical upserts, so the view never goes backwards.
/// </para>
/// </summary>
internal sealed partial class PartitionTask(
    ViewDefinition view,
    int version,
    int partition,
    ILog log,
    ProcessorOptions options,
    ILogger logger)
{
    private readonly TumblingWindow _window = new(view.Window);
    private readonly WriteBackCache _cache = new();
    private readonly List<(byte[] RowKey, long Count)> _dirtyRows = [];
    private readonly ViewRowEncoder _encoder = new(view.Window);
    private readonly string _changelog = view.ChangelogTopic(version);

    /// <summary>The consumer group of a view version's processor tasks.</summary>
    public static string GroupId(ViewDefinition view, int version) => $"_kappa.processor.{view.Name}.v{version}";

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var directory = Path.Combine(options.StateDirectory, $"{view.Name}.v{version}", $"p{partition}");
        using var store = TaskStateStore.Open(directory);
        using var producer = log.CreateProducer();
        using var consumer = log.CreateConsumer(GroupId(view, version));

        await PublishAsync(producer, store, store.ReadPending(), stoppingToken);
        var source = new TopicPartition(view.Source, partition);
        var nextOffset = store.ReadNextOffset() ?? LogOffset.Beginning;
        consumer.Assign([new TopicPartitionOffset(source.Topic, source.Partition, nextOffset)]);
        LogStarted(logger, view.Name, version, partition, nextOffset);

        var sinceCommit = Stopwatch.StartNew();
        long lastOffset = -1;
        while (!stoppingToken.IsCancellationRequested)
        {
            RecordBatch batch;
            try
            {
                batch = await consumer.PollAsync(options.MaxPollRecords, options.CommitInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            if (!batch.IsEmpty)
            {
                lastOffset = Fold(batch, store);
            }

            if (_cache.DirtyCount > 0 && sinceCommit.Elapsed >= options.CommitInterval)
            {
                await CommitAsync(store, producer, consumer, source, lastOffset + 1, CancellationToken.None);
                sinceCommit.Restart();
            }
        }

        // Stopping is a commit like any other, so a clean shutdown leaves nothing to redo.
        if (_cache.DirtyCount > 0)
        {
            await CommitAsync(store, producer, consumer, source, lastOffset + 1, CancellationToken.None);
        }
    }

    /// <summary>Counts each record in its row; returns the last offset folded. Allocates only for new rows.</summary>
    private long Fold(RecordBatch batch, TaskStateStore store)
    {
        Span<byte> rowKey = stackalloc byte[1024];
        long lastOffset = -1;
        foreach (ref readonly var record in batch.Records)
        {
            var key = record.Key.HasValue ? record.Key.Value.Span : [];
            var length = RowKey.EncodedLength(key);
            var target = length <= rowKey.Length ? rowKey : new byte[length];
            var written = RowKey.Encode(key, _window.StartOf(record.Timestamp), target);
            _cache.Add(target[..written], 1, store.ReadCount);
            lastOffset = record.Offset;
        }

        return lastOffset;
    }

    private async Task CommitAsync(
        TaskStateStore store,
        ILogProducer producer,
        ILogConsumer consumer,
        TopicPartition source,
        long nextOffset,
        CancellationToken cancellationToken)
    {
        _dirtyRows.Clear();
        _cache.DrainDirty((key, count) => _dirtyRows.Add((key, count)));
        var pending = store.Commit(_dirtyRows, nextOffset, _encoder.Render);
        await PublishAsync(producer, store, pending, cancellationToken);
        await consumer.CommitAsync([new TopicPartitionOffset(source.Topic, source.Partition, nextOffset)], cancellationToken);
        if (_cache.Count > options.CacheMaxRows)
        {
            _cache.EvictClean();
        }
    }

    private async Task PublishAsync(
        ILogProducer producer,
        TaskStateStore store,
        IReadOnlyList<PendingUpdate> pending,
        CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var records = new ProducerRecord[pending.Count];
        for (var i = 0; i < pending.Count; i++)
        {
            // The changelog record's timestamp is the window start: derived from the log, never the clock.
            var (_, windowStart) = RowKey.Decode(pending[i].RowKey);
            records[i] = new ProducerRecord(pending[i].RowKey, pending[i].Value, windowStart, partition);
        }

        await producer.AppendAsync(_changelog, records, cancellationToken);
        store.ClearPending(pending[^1].Sequence);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "task {View}.v{Version}[{Partition}] starts at offset {Offset}")]
    private static partial void LogStarted(ILogger logger, string view, int version, int partition, long offset);
}
