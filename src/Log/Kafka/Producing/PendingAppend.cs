using Confluent.Kafka;
using Kappa.Log.Abstractions;

namespace Kappa.Log.Kafka.Producing;

/// <summary>
/// One <see cref="ILogProducer.AppendAsync"/> in flight: collects each record's delivery report (on librdkafka's
/// delivery thread) and completes when the last one arrives, with every position, or with the first failure.
/// </summary>
internal sealed class PendingAppend
{
    private readonly TaskCompletionSource<AppendResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _topic;
    private readonly int[] _partitions;
    private readonly long[] _offsets;
    private int _outstanding;
    private Error? _failure;

    public PendingAppend(string topic, int count)
    {
        _topic = topic;
        _partitions = new int[count];
        _offsets = new long[count];

        // One extra count, released by Sealed(), keeps the append open while records are still being handed over.
        _outstanding = count + 1;
    }

    public Task<AppendResult> Task => _done.Task;

    public void Delivered(int index, DeliveryReport<byte[]?, byte[]?> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.CompareExchange(ref _failure, report.Error, null);
        }
        else
        {
            _partitions[index] = report.Partition.Value;
            _offsets[index] = report.Offset.Value;
        }

        Release();
    }

    /// <summary>Every record was handed to librdkafka.</summary>
    public void Sealed() => Release();

    /// <summary>Handing over stopped at a failure; records already handed over still report, and are waited for.</summary>
    public void Abandon(int notHandedOver, Error error)
    {
        Interlocked.CompareExchange(ref _failure, error, null);
        for (var i = 0; i < notHandedOver; i++)
        {
            Release();
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _outstanding) != 0)
        {
            return;
        }

        if (_failure is { } error)
        {
            _done.SetException(error.Code is ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic
                ? new UnknownTopicException(_topic)
                : new LogException($"append to '{_topic}' failed: {error.Code}: {error.Reason}"));
        }
        else
        {
            _done.SetResult(new AppendResult(_topic, _partitions, _offsets));
        }
    }
}
