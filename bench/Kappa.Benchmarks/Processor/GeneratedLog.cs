using Kappa.Log.Abstractions;

namespace Kappa.Benchmarks.Processor;

/// <summary>
/// An <see cref="ILog"/> without a log, for measuring the engine alone: consumers serve one topic's events from
/// memory and producers drop what they are given. View tasks run on it unchanged, so the difference to a run on
/// the embedded log is what the log costs (reading, decoding, appending the changelog).
/// </summary>
internal sealed class GeneratedLog(string topic, GeneratedPartition[] partitions) : ILog
{
    private readonly long[] _committed = [.. partitions.Select(_ => -1L)];
    private long _appended;

    public string Name => "generated";

    public ILogAdmin Admin { get; } = new GeneratedAdmin(topic, partitions.Length);

    /// <summary>How many records producers were given (and dropped).</summary>
    public long Appended => Interlocked.Read(ref _appended);

    public ILogProducer CreateProducer() => new Producer(this);

    public ILogConsumer CreateConsumer(string groupId) => new GeneratedConsumer(groupId, topic, partitions, _committed);

    public IWorkerGroup JoinWorkerGroup(string groupId, string topic, IPartitionOwner owner) =>
        new Kappa.Log.Groups.SoleMemberGroup(groupId, () => partitions.Length, owner);

    /// <summary>The offset a group committed for a partition, or -1.</summary>
    public long Committed(int partition) => Volatile.Read(ref _committed[partition]);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Producer(GeneratedLog log) : ILogProducer
    {
        public ValueTask<AppendResult> AppendAsync(string topic, ReadOnlyMemory<ProducerRecord> records, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref log._appended, records.Length);
            return ValueTask.FromResult(new AppendResult(topic, [], []));
        }

        public void Dispose()
        {
        }
    }
}
