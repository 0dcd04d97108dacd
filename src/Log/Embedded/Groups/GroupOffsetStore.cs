using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded.Storage;

namespace Kappa.Log.Embedded.Groups;

/// <summary>
/// Committed offsets per consumer group, in memory and in <c>groups/&lt;hash&gt;.json</c> (one file per group,
/// named by a hash of the group id because ids are free-form; the id is inside the file). Every commit rewrites
/// its group's file atomically (<see cref="AtomicFile"/>), so after a crash a group has its last complete commit.
/// Invariant: the file and the in-memory map change together, under the group's lock.
/// </summary>
internal sealed class GroupOffsetStore
{
    private static readonly JsonSerializerOptions JsonOptions = new();

    private readonly ConcurrentDictionary<string, GroupOffsets> _groups = new(StringComparer.Ordinal);
    private readonly string _directory;
    private readonly bool _durable;

    public GroupOffsetStore(string dataDirectory, bool durable)
    {
        _directory = Path.Combine(dataDirectory, "groups");
        _durable = durable;
    }

    public IReadOnlyList<string> GroupIds => [.. _groups.Keys.Order(StringComparer.Ordinal)];

    public void Load()
    {
        Directory.CreateDirectory(_directory);
        foreach (var temp in Directory.EnumerateFiles(_directory, "*.tmp"))
        {
            File.Delete(temp);
        }

        foreach (var path in Directory.EnumerateFiles(_directory, "*.json"))
        {
            GroupOffsetsDocument? document;
            try
            {
                document = JsonSerializer.Deserialize<GroupOffsetsDocument>(File.ReadAllBytes(path), JsonOptions);
            }
            catch (JsonException ex)
            {
                throw new LogException($"cannot read committed offsets from '{path}'", ex);
            }

            if (document is null)
            {
                continue;
            }

            var group = new GroupOffsets();
            foreach (var entry in document.Offsets)
            {
                group.Offsets[new TopicPartition(entry.Topic, entry.Partition)] = entry.Offset;
            }

            _groups[document.Group] = group;
        }
    }

    public void Commit(string groupId, IReadOnlyList<TopicPartitionOffset> offsets)
    {
        foreach (var offset in offsets)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(offset.Offset, nameof(offsets));
        }

        var group = _groups.GetOrAdd(groupId, _ => new GroupOffsets());
        lock (group.Lock)
        {
            foreach (var offset in offsets)
            {
                group.Offsets[offset.TopicPartition] = offset.Offset;
            }

            var document = new GroupOffsetsDocument(
                groupId,
                [.. group.Offsets.Select(pair => new CommittedOffset(pair.Key.Topic, pair.Key.Partition, pair.Value))]);
            AtomicFile.Write(PathFor(groupId), JsonSerializer.SerializeToUtf8Bytes(document, JsonOptions), _durable);
        }
    }

    public long? Committed(string groupId, TopicPartition partition)
    {
        if (!_groups.TryGetValue(groupId, out var group))
        {
            return null;
        }

        lock (group.Lock)
        {
            return group.Offsets.TryGetValue(partition, out var offset) ? offset : null;
        }
    }

    public IReadOnlyDictionary<TopicPartition, long> CommittedOffsets(string groupId)
    {
        if (!_groups.TryGetValue(groupId, out var group))
        {
            return new Dictionary<TopicPartition, long>();
        }

        lock (group.Lock)
        {
            return new Dictionary<TopicPartition, long>(group.Offsets);
        }
    }

    /// <summary>Forgets a group: its file first, so a crash in between leaves the group gone after reload.</summary>
    public void Delete(string groupId)
    {
        if (!_groups.TryGetValue(groupId, out var group))
        {
            return;
        }

        lock (group.Lock)
        {
            File.Delete(PathFor(groupId));
            _groups.TryRemove(groupId, out _);
        }
    }

    private string PathFor(string groupId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(groupId));
        return Path.Combine(_directory, Convert.ToHexStringLower(hash.AsSpan(0, 16)) + ".json");
    }

    private sealed class GroupOffsets
    {
        public Lock Lock { get; } = new();

        public Dictionary<TopicPartition, long> Offsets { get; } = [];
    }
}

/// <summary>The JSON shape of a group's offsets file.</summary>
internal sealed record GroupOffsetsDocument(string Group, IReadOnlyList<CommittedOffset> Offsets);

/// <summary>One committed offset in a group's file.</summary>
internal sealed record CommittedOffset(string Topic, int Partition, long Offset);
