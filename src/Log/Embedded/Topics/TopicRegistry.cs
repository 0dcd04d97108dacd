using System.Collections.Concurrent;
using System.Globalization;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded.Storage;

namespace Kappa.Log.Embedded.Topics;

/// <summary>
/// The open topics of a data directory (<c>topics/&lt;name&gt;/topic.json</c> and <c>topics/&lt;name&gt;/&lt;partition&gt;/</c>).
/// Lookups are lock-free; creation and deletion are serialized. A topic is created in <c>staging/</c> and moved
/// into <c>topics/</c> in one rename, and deleted by moving it to <c>trash/</c> first, so a crash never leaves a
/// half-made or half-deleted topic visible: opening clears both folders.
/// </summary>
internal sealed class TopicRegistry
{
    private readonly ConcurrentDictionary<string, TopicLog> _topics = new(StringComparer.Ordinal);
    private readonly Lock _adminLock = new();
    private readonly AppendSignal _changed = new();
    private readonly string _topicsDirectory;
    private readonly string _stagingDirectory;
    private readonly string _trashDirectory;
    private readonly PartitionSettings _settings;
    private readonly int _defaultPartitions;

    public TopicRegistry(string dataDirectory, PartitionSettings settings, int defaultPartitions)
    {
        _topicsDirectory = Path.Combine(dataDirectory, "topics");
        _stagingDirectory = Path.Combine(dataDirectory, "staging");
        _trashDirectory = Path.Combine(dataDirectory, "trash");
        _settings = settings;
        _defaultPartitions = defaultPartitions;
    }

    public int DefaultPartitions => _defaultPartitions;

    /// <summary>Completes when a topic is created or deleted.</summary>
    public Task WhenChanged => _changed.WhenSignaled;

    public void Load()
    {
        DeleteDirectory(_stagingDirectory);
        DeleteDirectory(_trashDirectory);
        Directory.CreateDirectory(_topicsDirectory);
        foreach (var topicDirectory in Directory.EnumerateDirectories(_topicsDirectory))
        {
            var description = TopicMetadataFile.TryRead(topicDirectory);
            if (description is null || description.Name != Path.GetFileName(topicDirectory))
            {
                throw new LogException($"cannot read the description of topic directory '{topicDirectory}' ({TopicMetadataFile.FileName} is missing or invalid)");
            }

            _topics[description.Name] = OpenTopic(description, topicDirectory);
        }
    }

    public TopicLog? TryGet(string name) => _topics.GetValueOrDefault(name);

    public TopicLog Get(string name) => TryGet(name) ?? throw new UnknownTopicException(name);

    /// <summary>The topic, created with the default partition count if missing (Kafka's auto-create).</summary>
    public TopicLog GetOrCreate(string name) =>
        TryGet(name) ?? Create(new TopicSpec(name, _defaultPartitions), failIfExists: false);

    public IReadOnlyList<TopicLog> All => [.. _topics.Values.OrderBy(topic => topic.Name, StringComparer.Ordinal)];

    public TopicLog Create(TopicSpec spec, bool failIfExists)
    {
        ArgumentNullException.ThrowIfNull(spec);
        TopicNames.Validate(spec.Name);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.Partitions, 1, nameof(spec));
        TopicLog topic;
        lock (_adminLock)
        {
            if (_topics.TryGetValue(spec.Name, out var existing))
            {
                return failIfExists ? throw new TopicExistsException(spec.Name) : existing;
            }

            var description = new TopicDescription(spec.Name, spec.Partitions, spec.Config ?? TopicConfig.Default);
            var staged = Path.Combine(_stagingDirectory, Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(staged);
            TopicMetadataFile.Write(staged, description);
            var directory = Path.Combine(_topicsDirectory, spec.Name);
            Directory.Move(staged, directory);
            topic = OpenTopic(description, directory);
            _topics[spec.Name] = topic;
        }

        _changed.Pulse();
        return topic;
    }

    public void Delete(string name)
    {
        lock (_adminLock)
        {
            if (!_topics.TryRemove(name, out var topic))
            {
                throw new UnknownTopicException(name);
            }

            topic.Close(persistIndexes: false);
            Directory.CreateDirectory(_trashDirectory);
            var trashed = Path.Combine(_trashDirectory, Guid.NewGuid().ToString("N"));
            Directory.Move(topic.Directory, trashed);
            Directory.Delete(trashed, recursive: true);
        }

        _changed.Pulse();
    }

    /// <summary>Applies every topic's retention at <paramref name="nowMs"/>; returns the number of segments deleted.</summary>
    public int EnforceRetention(long nowMs)
    {
        var deleted = 0;
        foreach (var topic in _topics.Values)
        {
            var config = topic.Description.Config;
            if (config.RetentionMs is null && config.RetentionBytes is null)
            {
                continue;
            }

            foreach (var partition in topic.Partitions)
            {
                deleted += partition.EnforceRetention(nowMs, config.RetentionMs, config.RetentionBytes);
            }
        }

        return deleted;
    }

    public void Close()
    {
        lock (_adminLock)
        {
            foreach (var topic in _topics.Values)
            {
                topic.Close(persistIndexes: true);
            }

            _topics.Clear();
        }
    }

    private static void DeleteDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private TopicLog OpenTopic(TopicDescription description, string directory)
    {
        var partitions = new PartitionLog[description.Partitions];
        try
        {
            for (var i = 0; i < partitions.Length; i++)
            {
                var partitionDirectory = Path.Combine(directory, i.ToString(CultureInfo.InvariantCulture));
                partitions[i] = PartitionLoader.Open(new TopicPartition(description.Name, i), partitionDirectory, _settings);
            }
        }
        catch
        {
            foreach (var partition in partitions)
            {
                partition?.Close(persistIndex: false);
            }

            throw;
        }

        return new TopicLog(description, directory, partitions);
    }
}
