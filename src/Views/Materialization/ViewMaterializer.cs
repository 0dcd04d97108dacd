using System.Buffers.Binary;
using Kappa.Contracts.Views;
using Kappa.Log.Abstractions;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Pipeline;
using Kappa.Views.Store;
using Microsoft.Extensions.Logging;

namespace Kappa.Views.Materialization;

/// <summary>
/// Applies one view version's changelog to the <see cref="ViewStore"/>. Each changelog record is a partial row
/// (one source partition's aggregate states for a key and window); the materializer keeps every partition's
/// partial and merges them into the row, so a key spread over several source partitions still has one exact
/// row. It resumes from the offsets kept in the store itself (written in the same batch as the rows), so every
/// changelog record is applied exactly once in effect; the group commit that follows serves lag monitoring.
/// </summary>
internal sealed partial class ViewMaterializer(
    CompiledView view,
    int version,
    ILog log,
    ViewStore store,
    int maxPollRecords,
    ILogger logger,
    ChangelogTelemetry? telemetry = null)
{
    private readonly RowRenderer _renderer = new(view);

    /// <summary>The consumer group of a version's materializer.</summary>
    public static string GroupId(string viewName, int version) => $"_kappa.materializer.{viewName}.v{version}";

    public async Task RunAsync(TopicDescription changelog, CancellationToken stoppingToken)
    {
        using var consumer = log.CreateConsumer(GroupId(view.Name, version));
        var start = new List<TopicPartitionOffset>(changelog.Partitions);
        for (var partition = 0; partition < changelog.Partitions; partition++)
        {
            var offset = store.ReadNextOffset(view.Name, version, partition) ?? LogOffset.Beginning;
            start.Add(new TopicPartitionOffset(changelog.Name, partition, offset));
        }

        consumer.Assign(start);
        var partials = new List<PartialUpsert>();
        var sessionPartials = new List<SessionPartial>();
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

            partials.Clear();
            sessionPartials.Clear();
            nextOffsets.Clear();
            foreach (ref readonly var record in batch.Records)
            {
                nextOffsets[record.Partition] = record.Offset + 1;
                telemetry?.Observe(in record);
                if (record.Key is not { Length: > 4 } key)
                {
                    // Only tasks write changelogs, always row key + partition and a partial row.
                    continue;
                }

                if (record.Value is not { } value)
                {
                    // A tombstone: a session task retired a row, so its partial is no more.
                    if (view.Sessions is not null)
                    {
                        sessionPartials.Add(new SessionPartial(key.Span[..^4].ToArray(), BinaryPrimitives.ReadInt32BigEndian(key.Span[^4..]), null));
                    }

                    continue;
                }

                int sourcePartition;
                byte[] state;
                try
                {
                    (sourcePartition, state) = RowRenderer.ReadPartial(value.Span);
                }
                catch (FormatException e)
                {
                    // Not a partial row: skipping it keeps every real row right; stopping would serve none.
                    LogSkipped(logger, changelog.Name, record.Partition, record.Offset, e.Message);
                    continue;
                }

                var rowKey = key.Span[..^4].ToArray();
                if (BinaryPrimitives.ReadInt32BigEndian(key.Span[^4..]) != sourcePartition)
                {
                    continue;
                }

                if (view.Sessions is not null)
                {
                    sessionPartials.Add(new SessionPartial(rowKey, sourcePartition, state));
                }
                else
                {
                    partials.Add(new PartialUpsert(rowKey, sourcePartition, state));
                }
            }

            if (view.Sessions is not null)
            {
                store.ApplySessionPartials(view.Name, version, sessionPartials, RenderSessions, nextOffsets);
            }
            else
            {
                store.ApplyPartials(view.Name, version, partials, Render, nextOffsets);
            }

            telemetry?.Applied();
            var commits = nextOffsets.Select(p => new TopicPartitionOffset(changelog.Name, p.Key, p.Value)).ToList();
            await consumer.CommitAsync(commits, CancellationToken.None);
        }
    }

    private byte[]? Render(byte[] rowKey, IReadOnlyList<byte[]> states)
    {
        try
        {
            return _renderer.RenderMerged(RowKey.Decode(rowKey).Key, states);
        }
        catch (Exception e) when (e is AggregateInputException or FormatException)
        {
            // The partitions' partials cannot be combined (e.g. a sum beyond decimal range across partitions):
            // the row keeps its last good value, and the log says which row and why.
            LogUnmergeable(logger, view.Name, version, e.Message);
            return null;
        }
    }

    private IReadOnlyList<(long Start, byte[] Json)>? RenderSessions(byte[] keyPrefix, IReadOnlyList<byte[]> states)
    {
        try
        {
            return _renderer.RenderSessions(RowKey.Decode([.. keyPrefix, .. new byte[sizeof(long)]]).Key, states);
        }
        catch (Exception e) when (e is AggregateInputException or FormatException)
        {
            // As for a fixed window's row: the key's sessions keep their last good rows, and the log says why.
            LogUnmergeable(logger, view.Name, version, e.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "skipped changelog record {Topic}[{Partition}]@{Offset}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "view {View}.v{Version}: a row's partials cannot be merged and keeps its last value: {Reason}")]
    private static partial void LogUnmergeable(ILogger logger, string view, int version, string reason);
}
