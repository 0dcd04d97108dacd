using System.Diagnostics;
using Kappa.Log.Abstractions;
using Kappa.Processor.Pipeline;
using Kappa.Views.Store;
using Microsoft.Extensions.Logging;

namespace Kappa.Views.Materialization;

/// <summary>
/// Applies one view version's changelog to the <see cref="ViewStore"/>. Each changelog record is a partial row
/// (one source partition's aggregate states for a key and window); the materializer keeps every partition's
/// partial and merges them into the row, so a key spread over several source partitions still has one exact
/// row. The rows are split into <see cref="MaterializerShard"/>s by a hash of their group key, which apply their
/// share of each polled batch side by side, each in one write with its own offsets; every changelog record of a
/// row is applied by the same shard, in log order. Each shard resumes from the offsets kept in the store itself
/// (written in the same batch as its rows), so every changelog record is applied exactly once in effect, and a
/// row's value is the same whatever the number of shards. The group commit that follows serves lag monitoring only,
/// so it is made at most once per <see cref="GroupCommitInterval"/>.
/// </summary>
internal sealed class ViewMaterializer(CompiledView view, int version, ILog log, ViewStore store, int maxPollRecords, ILogger logger, int shards)
{
    /// <summary>How often the consumer group's offsets follow the store's, while there are records to apply.</summary>
    public static readonly TimeSpan GroupCommitInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The shards a new version gets: one per core, as each shard is one thread busy in RocksDB. A version keeps the
    /// count it started with (<see cref="ViewStore.MaterializerShards"/>).
    /// </summary>
    public static int DefaultShards => Math.Clamp(Environment.ProcessorCount, 1, 8);

    /// <summary>The consumer group of a version's materializer.</summary>
    public static string GroupId(string viewName, int version) => $"_kappa.materializer.{viewName}.v{version}";

    public async Task RunAsync(TopicDescription changelog, CancellationToken stoppingToken)
    {
        var count = store.MaterializerShards(view.Name, version, shards);
        var parts = Enumerable.Range(0, count).Select(s => new MaterializerShard(view, version, s, count, store, changelog, logger)).ToArray();
        using var workers = new ShardWorkers(count, $"materializer {view.Name}.v{version}");
        using var consumer = log.CreateConsumer(GroupId(view.Name, version));
        consumer.Assign([.. Enumerable.Range(0, changelog.Partitions).Select(p =>
            new TopicPartitionOffset(changelog.Name, p, parts.Min(s => s.NextOffset(p))))]);

        var nextOffsets = new Dictionary<int, long>();
        var uncommitted = new Dictionary<int, long>();
        var sinceCommit = Stopwatch.StartNew();
        while (!stoppingToken.IsCancellationRequested)
        {
            RecordBatch batch;
            try
            {
                batch = await consumer.PollAsync(maxPollRecords, TimeSpan.FromMilliseconds(500), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            if (!batch.IsEmpty)
            {
                nextOffsets.Clear();
                var records = batch.Records;
                for (var i = 0; i < records.Length; i++)
                {
                    ref readonly var record = ref records[i];
                    nextOffsets[record.Partition] = record.Offset + 1;
                    parts[MaterializerShard.Of(record.Key is { } key ? key.Span : default, count)].Add(i);
                }

                await workers.RunAsync(s => parts[s].Apply(batch, nextOffsets));
                foreach (var (partition, next) in nextOffsets)
                {
                    uncommitted[partition] = next;
                }
            }

            // An empty poll means the materializer is at the head: the group catches up with the store at once.
            if (uncommitted.Count > 0 && (batch.IsEmpty || sinceCommit.Elapsed >= GroupCommitInterval))
            {
                await consumer.CommitAsync([.. uncommitted.Select(p => new TopicPartitionOffset(changelog.Name, p.Key, p.Value))], CancellationToken.None);
                uncommitted.Clear();
                sinceCommit.Restart();
            }
        }
    }
}
