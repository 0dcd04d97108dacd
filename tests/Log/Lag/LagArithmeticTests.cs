using System.Text;
using Kappa.Log.Abstractions;
using Kappa.Log.Lag;
using Kappa.TestKit;
using Xunit;

namespace Kappa.Log.Tests.Lag;

/// <summary>
/// The lag arithmetic on a backend: 10,000 records behind a stopped consumer are 10,000 records of lag that grows in
/// seconds, the partition stalls and then stops per <see cref="LagThresholds"/>, and once the consumer reads and commits
/// everything the lag is 0 and the status OK again. "Now" is a manual clock that also stamps the records, so the
/// seconds are exact.
/// </summary>
public abstract class LagArithmeticTests : IAsyncLifetime
{
    protected const string Topic = "events";
    private const string Group = "g";
    private static readonly TopicPartition P0 = new(Topic, 0);

    private ILog _log = null!;
    private LagMonitor _monitor = null!;

    protected ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        _log = await OpenAsync();
        await CreateTopicAsync(_log, Topic, 1);
        _monitor = new LagMonitor(_log, new AdminConsumerGroupSource(_log.Admin), new LagThresholds(), Clock);
    }

    public async Task DisposeAsync()
    {
        _monitor.Dispose();
        await _log.DisposeAsync();
        await CloseAsync();
    }

    [Fact]
    public async Task A_stopped_consumer_shows_ten_thousand_records_of_growing_lag_then_stalls_and_stops_and_recovers_when_it_consumes()
    {
        using var consumer = _log.CreateConsumer(Group);
        await consumer.CommitAsync([new TopicPartitionOffset(Topic, 0, 0)]);
        await ProduceAsync(10_000);

        var first = await SampleAfterAsync(TimeSpan.FromSeconds(1));
        var partition = Assert.Single(Assert.Single(first.Groups).Partitions);
        Assert.Equal(10_000, partition.LagRecords);
        Assert.Equal(10_000, partition.LogEndOffset);
        Assert.Equal(0, partition.CommittedOffset);
        Assert.Equal(1.0, partition.LagSeconds);
        Assert.Equal(LagStatus.Ok, partition.Status);

        var stalled = await SampleAfterAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(10_000, stalled.LagRecords);
        Assert.Equal(16.0, stalled.LagSeconds);
        Assert.Equal(LagStatus.Stalled, stalled.Status);
        Assert.Equal(LagStatus.Stalled, Assert.Single(stalled.Groups).Status);

        var stopped = await SampleAfterAsync(TimeSpan.FromSeconds(45));
        Assert.Equal(10_000, stopped.LagRecords);
        Assert.Equal(61.0, stopped.LagSeconds);
        Assert.Equal(LagStatus.Stopped, stopped.Status);

        await ConsumeAllAsync(consumer);
        var recovered = await SampleAfterAsync(TimeSpan.FromSeconds(1));
        var caughtUp = Assert.Single(Assert.Single(recovered.Groups).Partitions);
        Assert.Equal(0, caughtUp.LagRecords);
        Assert.Equal(0.0, caughtUp.LagSeconds);
        Assert.Equal(10_000, caughtUp.CommittedOffset);
        Assert.Equal(LagStatus.Ok, recovered.Status);
    }

    protected abstract Task<ILog> OpenAsync();

    protected abstract Task CreateTopicAsync(ILog log, string name, int partitions);

    protected virtual Task CloseAsync() => Task.CompletedTask;

    private async Task<LagReport> SampleAfterAsync(TimeSpan delay)
    {
        Clock.Advance(delay);
        return await _monitor.SampleAsync();
    }

    private async Task ProduceAsync(int count)
    {
        using var producer = _log.CreateProducer();
        var now = Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var value = Encoding.UTF8.GetBytes("v");
        var records = Enumerable.Range(0, count).Select(i => new ProducerRecord(null, value, now, 0)).ToArray();
        await producer.AppendAsync(Topic, records);
    }

    private static async Task ConsumeAllAsync(ILogConsumer consumer)
    {
        consumer.Assign([new TopicPartitionOffset(Topic, 0, LogOffset.Stored)]);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (consumer.Position(P0) < consumer.GetWatermarks(P0).High)
        {
            Assert.True(DateTime.UtcNow < deadline, "the consumer did not reach the log end");
            await consumer.PollAsync(1_000, TimeSpan.FromSeconds(1));
        }

        await consumer.CommitAsync([new TopicPartitionOffset(Topic, 0, consumer.Position(P0))]);
    }
}
