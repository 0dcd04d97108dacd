using Kappa.Log.Abstractions;
using Kappa.Log.Embedded.Consuming;
using Kappa.Log.Embedded.Groups;
using Kappa.Log.Embedded.Storage;
using Kappa.Log.Embedded.Topics;
using Kappa.Log.Groups;

namespace Kappa.Log.Embedded;

/// <summary>
/// The default <see cref="ILog"/>: a Kafka-shaped log in a local directory, for one machine and one process.
/// <para>
/// Layout: <c>topics/&lt;topic&gt;/topic.json</c> and <c>topics/&lt;topic&gt;/&lt;partition&gt;/&lt;baseOffset&gt;.log|.index</c>
/// segments, <c>groups/*.json</c> committed offsets, and <c>.lock</c>, which one process holds while the log is open.
/// </para>
/// <para>
/// Durability: when <see cref="ILogProducer.AppendAsync"/> completes, the records have been written to the
/// operating system, so they survive the process being killed (kill -9). With
/// <see cref="EmbeddedLogOptions.FsyncOnAppend"/> they have also been flushed to the device, so they survive a
/// power loss. Committed offsets and topic metadata are replaced atomically (temporary file, rename).
/// </para>
/// <para>
/// Recovery: opening after a crash validates every active segment frame by frame (length, CRC-32C, dense offsets)
/// and truncates a torn tail back to the last complete append, so no part of an unacknowledged append is
/// visible and offsets stay dense; sealed segments are trusted through their persisted index, or rescanned when
/// it is missing or inconsistent. Opening a directory a crashed process left behind is always safe.
/// </para>
/// <para>
/// Retention deletes whole sealed segments on a timer (<see cref="EmbeddedLogOptions.RetentionCheckInterval"/>),
/// measured with <see cref="EmbeddedLogOptions.TimeProvider"/> against records' event timestamps, as Kafka does.
/// Compaction (<see cref="TopicConfig.Compacted"/>) is recorded but not performed.
/// </para>
/// </summary>
public sealed class EmbeddedLog : ILog
{
    private readonly DirectoryLock _lock;
    private readonly TopicRegistry _topics;
    private readonly GroupOffsetStore _groups;
    private readonly EmbeddedLogOptions _options;
    private readonly ITimer _retentionTimer;
    private readonly Lock _retentionLock = new();
    private bool _disposed;

    private EmbeddedLog(EmbeddedLogOptions options, DirectoryLock directoryLock, TopicRegistry topics, GroupOffsetStore groups)
    {
        _options = options;
        _lock = directoryLock;
        _topics = topics;
        _groups = groups;
        Admin = new EmbeddedLogAdmin(topics, groups);
        _retentionTimer = options.TimeProvider.CreateTimer(
            _ => RunScheduledRetention(),
            null,
            options.RetentionCheckInterval,
            options.RetentionCheckInterval);
    }

    /// <inheritdoc />
    public string Name => "embedded";

    /// <inheritdoc />
    public ILogAdmin Admin { get; }

    /// <summary>The absolute path of the data directory.</summary>
    public string DataDirectory => _options.DataDirectory;

    /// <summary>
    /// Opens (creating if needed) the log in <see cref="EmbeddedLogOptions.DataDirectory"/>, recovering from a
    /// crash if there was one. Throws <see cref="ArgumentException"/> for invalid options and
    /// <see cref="LogException"/> when another process holds the directory.
    /// </summary>
    public static EmbeddedLog Open(EmbeddedLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var resolved = new EmbeddedLogOptions
        {
            DataDirectory = Path.GetFullPath(options.DataDirectory),
            DefaultPartitions = options.DefaultPartitions,
            SegmentBytes = options.SegmentBytes,
            IndexIntervalBytes = options.IndexIntervalBytes,
            FsyncOnAppend = options.FsyncOnAppend,
            FetchBytes = options.FetchBytes,
            MaxPollBytes = options.MaxPollBytes,
            RetentionCheckInterval = options.RetentionCheckInterval,
            TimeProvider = options.TimeProvider,
        };
        Directory.CreateDirectory(resolved.DataDirectory);
        var directoryLock = DirectoryLock.Acquire(resolved.DataDirectory);
        try
        {
            var settings = new PartitionSettings(resolved.SegmentBytes, resolved.IndexIntervalBytes, resolved.FsyncOnAppend);
            var topics = new TopicRegistry(resolved.DataDirectory, settings, resolved.DefaultPartitions);
            var groups = new GroupOffsetStore(resolved.DataDirectory, resolved.FsyncOnAppend);
            groups.Load();
            topics.Load();
            return new EmbeddedLog(resolved, directoryLock, topics, groups);
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public ILogProducer CreateProducer()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new EmbeddedProducer(_topics);
    }

    /// <inheritdoc />
    public ILogConsumer CreateConsumer(string groupId)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new EmbeddedConsumer(groupId, _topics, _groups, _options.TimeProvider, _options.FetchBytes, _options.MaxPollBytes);
    }

    /// <inheritdoc />
    /// <remarks>One process owns the embedded log, so the group has one member, which owns every partition.</remarks>
    public IWorkerGroup JoinWorkerGroup(string groupId, string topic, IPartitionOwner owner)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        TopicNames.Validate(topic);
        return new SoleMemberGroup(groupId, () => _topics.TryGet(topic)?.PartitionCount ?? 0, owner);
    }

    /// <summary>A partition's low and high watermarks; throws <see cref="UnknownTopicException"/> for a missing topic.</summary>
    public WatermarkOffsets GetWatermarks(TopicPartition partition) =>
        _topics.Get(partition.Topic).GetPartition(partition.Partition).Watermarks;

    /// <summary>
    /// Applies every topic's retention now instead of waiting for the timer; returns the number of segments
    /// deleted. Consumers positioned in deleted segments move to the new beginning on their next poll.
    /// </summary>
    public int EnforceRetention()
    {
        lock (_retentionLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _topics.EnforceRetention(_options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        }
    }

    /// <summary>Closes every partition, persisting active indexes so the next open need not scan, and releases the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await _retentionTimer.DisposeAsync();
        lock (_retentionLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _topics.Close();
            _lock.Dispose();
        }
    }

    private void RunScheduledRetention()
    {
        try
        {
            lock (_retentionLock)
            {
                if (!_disposed)
                {
                    _topics.EnforceRetention(_options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds());
                }
            }
        }
        catch (IOException)
        {
            // Housekeeping retries on the next tick; a transient file error must not crash the host.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
