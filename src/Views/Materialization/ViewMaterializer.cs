using Kappa.Contracts.Views;
using Kappa.Log.Abstractions;
using Kappa.Views.Store;

namespace Kappa.Views.Materialization;

/// <summary>
/// Applies one view version's changelog to the <see cref="ViewStore"/>. It resumes from the offsets kept
/// in the store itself (written in the same batch as the rows), so every changelog record is applied
/// exactly once in effect; the group commit that follows is for lag monitoring only.
/// </summary>
internal sealed class ViewMaterializer(ViewDefinition view, int version, ILog log, ViewStore store, int maxPollRecords)
{
    /// <summary>The consumer group of a version's materializer.</summary>
    public static string GroupId(ViewDefinition view, int version) => $"_kappa.materializer.{view.Name}.v{version}";

    public async Task RunAsync(TopicDescription changelog, CancellationToken stoppingToken)
    {
        using var consumer = log.CreateConsumer(GroupId(view, version));
        var start = new List<TopicPartitionOffset>(changelog.Partitions);
        for (var partition = 0; partition < changelog.Partitions; partition++)
        {
            var offset = store.ReadNextOffset(view.Name, version, partition) ?? LogOffset.Beginning;
            start.Add(new TopicPartitionOffset(changelog.Name, partition, offset));
        }

        consumer.Assign(start);
        var upserts = new List<RowUpsert>();
        var nextOffsets = new Dictionary<int, long>();
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

            if (batch.IsEmpty)
            {
                continue;
            }

            upserts.Clear();
            nextOffsets.Clear();
            foreach (ref readonly var record in batch.Records)
            {
                nextOffsets[record.Partition] = record.Offset + 1;
                if (record.Key is not { } key)
                {
                    // Only the processor writes changelogs, always with a row key; anything else is not a row.
                    continue;
                }

                upserts.Add(new RowUpsert(key.ToArray(), record.Value?.ToArray()));
            }

            store.Apply(view.Name, version, upserts, nextOffsets);
            var commits = nextOffsets.Select(p => new TopicPartitionOffset(changelog.Name, p.Key, p.Value)).ToList();
            await consumer.CommitAsync(commits, CancellationToken.None);
        }
    }
}
