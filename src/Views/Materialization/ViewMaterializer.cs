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
/// row.
/// <para>
/// Each polled batch is applied in one write, with the changelog offsets after it, so the store resumes exactly
/// after the last batch written and every changelog record is applied exactly once in effect. The work is a
/// pipeline of two steps on threads of their own: <see cref="MaterializerShard"/>s (rows split by a hash of their
/// group key) parse the batch, prepare its rows and stage their writes side by side, then one writer writes them in
/// one batch, while the shards already prepare the next batch from the rows as written (the shards read rows of the
/// batch being written from what they prepared for it). The writer is what a replay waits for once its tasks are
/// done, so it does nothing the shards can do. Batches are written one at a time and in log order, so a row's value is the same
/// whatever the number of shards. Session and sliding views, whose merges span a key's rows, are applied batch by
/// batch by one shard.
/// </para>
/// The group commit that follows serves lag monitoring only, so it is made at most once per
/// <see cref="GroupCommitInterval"/> while records flow, and at once when the materializer reaches the head.
/// </summary>
internal sealed class ViewMaterializer(
    CompiledView view,
    int version,
    ILog log,
    ViewStore store,
    int maxPollRecords,
    ILogger logger,
    int shards,
    ChangelogTelemetry? telemetry = null)
{
    /// <summary>How often the consumer group's offsets follow the store's, while there are records to apply.</summary>
    public static readonly TimeSpan GroupCommitInterval = TimeSpan.FromSeconds(1);

    /// <summary>The shards that prepare rows: one per core but the writer's.</summary>
    public static int DefaultShards => Math.Clamp(Environment.ProcessorCount - 1, 1, 8);

    /// <summary>
    /// The consumer group of a version's materializer on the server whose store is <paramref name="instance"/>
    /// (<see cref="ViewStore.InstanceId"/>). Each views server materializes every version into its own store, so each
    /// has a group of its own: lag shows every server's materializer, not whichever committed last.
    /// </summary>
    public static string GroupId(string viewName, int version, string instance) => $"{GroupPrefix(viewName, version)}{instance}";

    /// <summary>What the groups of a version's materializers, on every server, start with.</summary>
    public static string GroupPrefix(string viewName, int version) => $"_kappa.materializer.{viewName}.v{version}.";

    public async Task RunAsync(TopicDescription changelog, CancellationToken stoppingToken)
    {
        var sessions = view.Sessions is not null;
        var sliding = view.Sliding is not null;
        var count = sessions || sliding ? 1 : shards;
        var start = Enumerable.Range(0, changelog.Partitions).Select(p => store.ReadNextOffset(view.Name, version, p)).ToArray();
        var fresh = start.All(offset => offset is null);
        var parts = new List<MaterializerShard>(count);
        try
        {
            for (var shard = 0; shard < count; shard++)
            {
                parts.Add(new MaterializerShard(view, version, count, fresh, store, changelog.Name, logger));
            }

            // Disposed before the finally frees the shards' batches, however the run ends: stopping the writer waits for
            // the write it is doing.
            using var workers = new ShardWorkers(count, $"mat-prep {view.Name}.v{version}");
            using var writer = new ShardWorkers(1, $"mat-write {view.Name}.v{version}");
            using var consumer = log.CreateConsumer(GroupId(view.Name, version, store.InstanceId));

            // A batch is parsed into its prepared rows, and observed, before the next poll: the writer needs only those.
            consumer.ReuseBatches = true;
            consumer.Assign([.. start.Select((offset, p) => new TopicPartitionOffset(changelog.Name, p, offset ?? LogOffset.Beginning))]);

            // The batch being written and its offsets; the offsets written and not yet committed to the group.
            var writing = Task.CompletedTask;
            Dictionary<int, long>? writingOffsets = null;
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
                    break;
                }

                if (!batch.IsEmpty)
                {
                    var nextOffsets = new Dictionary<int, long>();
                    var records = batch.Records;
                    for (var i = 0; i < records.Length; i++)
                    {
                        ref readonly var record = ref records[i];
                        nextOffsets[record.Partition] = record.Offset + 1;
                        parts[MaterializerShard.Of(record.Key is { } key ? key.Span : default, count)].Add(i);
                    }

                    if (sessions || sliding)
                    {
                        await workers.RunAsync(_ =>
                        {
                            if (sessions)
                            {
                                parts[0].ApplySessions(batch, nextOffsets);
                            }
                            else
                            {
                                parts[0].ApplySliding(batch, nextOffsets);
                            }
                        });
                        Merge(uncommitted, nextOffsets);
                        Observe(batch);
                        telemetry?.Applied();
                    }
                    else
                    {
                        var prepared = new ViewStore.PreparedPartials[count];
                        await workers.RunAsync(s => prepared[s] = parts[s].Prepare(batch));
                        await writing;
                        Merge(uncommitted, writingOffsets);

                        // The batch before is visible now; this one is observed only once that is accounted for.
                        telemetry?.Applied();
                        Observe(batch);
                        writingOffsets = nextOffsets;
                        writing = writer.RunAsync(_ => store.WritePartials(view.Name, version, prepared, nextOffsets));
                    }
                }
                else if (writingOffsets is not null)
                {
                    // At the head: the last batch is written, and the group catches up with it below.
                    await writing;
                    Merge(uncommitted, writingOffsets);
                    telemetry?.Applied();
                    writingOffsets = null;
                }

                if (uncommitted.Count > 0 && (batch.IsEmpty || sinceCommit.Elapsed >= GroupCommitInterval))
                {
                    await consumer.CommitAsync([.. uncommitted.Select(p => new TopicPartitionOffset(changelog.Name, p.Key, p.Value))], CancellationToken.None);
                    uncommitted.Clear();
                    sinceCommit.Restart();
                }
            }

            // Stopping: the batch being written is written (or its failure thrown) before the store can go away.
            await writing;
        }
        finally
        {
            foreach (var part in parts)
            {
                part.Dispose();
            }
        }
    }

    private void Observe(RecordBatch batch)
    {
        if (telemetry is null)
        {
            return;
        }

        foreach (ref readonly var record in batch.Records)
        {
            telemetry.Observe(in record);
        }
    }

    private static void Merge(Dictionary<int, long> into, Dictionary<int, long>? offsets)
    {
        foreach (var (partition, next) in offsets ?? [])
        {
            into[partition] = next;
        }
    }
}
