using Kappa.Log.Abstractions;
using Kappa.Log.Embedded.Storage;

namespace Kappa.Log.Embedded.Topics;

/// <summary>An open topic: its description and one <see cref="PartitionLog"/> per partition, fixed at creation.</summary>
internal sealed class TopicLog
{
    private readonly PartitionLog[] _partitions;

    public TopicLog(TopicDescription description, string directory, PartitionLog[] partitions)
    {
        Description = description;
        Directory = directory;
        _partitions = partitions;
    }

    public TopicDescription Description { get; }

    public string Name => Description.Name;

    public string Directory { get; }

    public int PartitionCount => _partitions.Length;

    public IReadOnlyList<PartitionLog> Partitions => _partitions;

    /// <summary>The partition, or null when the topic has fewer.</summary>
    public PartitionLog? TryGetPartition(int partition) =>
        (uint)partition < (uint)_partitions.Length ? _partitions[partition] : null;

    public PartitionLog GetPartition(int partition) =>
        TryGetPartition(partition)
        ?? throw new ArgumentOutOfRangeException(nameof(partition), partition, $"topic '{Name}' has {_partitions.Length} partitions");

    public void Close(bool persistIndexes)
    {
        foreach (var partition in _partitions)
        {
            partition.Close(persistIndexes);
        }
    }
}
