using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;
using Kappa.Log.Lag;
using Kappa.TestKit;
using Xunit;
using static Kappa.Log.Tests.Embedded.LogTestExtensions;

namespace Kappa.Log.Tests.Lag;

public sealed class LagMonitorTests : IDisposable
{
    private const string Topic = "events";
    private const string Group = "g";
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new("lag");
    private readonly ManualTimeProvider _clock = new(Start);
    private readonly EmbeddedLog _log;
    private readonly LagMonitor _monitor;

    public LagMonitorTests()
    {
        _log = OpenLog(_dir.Combine("log"), o => o.TimeProvider = _clock);
        _log.Admin.CreateTopicAsync(new TopicSpec(Topic, 1)).GetAwaiter().GetResult();
        _monitor = new LagMonitor(_log, new AdminConsumerGroupSource(_log.Admin), new LagThresholds(), _clock);
    }

    [Fact]
    public async Task Lag_in_seconds_is_measured_from_the_oldest_unconsumed_record()
    {
        using var consumer = _log.CreateConsumer(Group);
        await ProduceAsync(10);
        _clock.Advance(TimeSpan.FromSeconds(30));
        await ProduceAsync(10);
        await consumer.CommitAsync([new TopicPartitionOffset(Topic, 0, 10)]);

        var report = await SampleAfterAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(10, report.LagRecords);
        Assert.Equal(2.0, report.LagSeconds);
    }

    [Fact]
    public async Task A_consumer_that_moves_but_falls_further_behind_every_sample_is_warned()
    {
        using var consumer = _log.CreateConsumer(Group);
        var committed = 0L;
        LagReport report = LagReport.Empty;
        for (var i = 0; i < 5; i++)
        {
            await ProduceAsync(100);
            committed += 50;
            await consumer.CommitAsync([new TopicPartitionOffset(Topic, 0, committed)]);
            report = await SampleAfterAsync(TimeSpan.FromSeconds(1));
            Assert.Equal(i < 4 ? LagStatus.Ok : LagStatus.Warn, report.Status);
        }

        Assert.Equal(250, report.LagRecords);
    }

    [Fact]
    public async Task A_committed_offset_that_goes_back_is_rewound_while_it_stays_in_the_window()
    {
        using var consumer = _log.CreateConsumer(Group);
        await ProduceAsync(100);
        await consumer.CommitAsync([new TopicPartitionOffset(Topic, 0, 80)]);
        await SampleAfterAsync(TimeSpan.FromSeconds(1));
        await consumer.CommitAsync([new TopicPartitionOffset(Topic, 0, 20)]);

        Assert.Equal(LagStatus.Rewound, (await SampleAfterAsync(TimeSpan.FromSeconds(1))).Status);

        for (var i = 0; i < new LagThresholds().WindowSize; i++)
        {
            await consumer.CommitAsync([new TopicPartitionOffset(Topic, 0, 21 + i)]);
            await SampleAfterAsync(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(LagStatus.Ok, _monitor.Current.Status);
    }

    [Fact]
    public async Task A_deleted_group_disappears_from_the_next_report()
    {
        using (var consumer = _log.CreateConsumer(Group))
        {
            await ProduceAsync(10);
            await consumer.CommitAsync([new TopicPartitionOffset(Topic, 0, 5)]);
        }

        using var other = _log.CreateConsumer("other");
        await other.CommitAsync([new TopicPartitionOffset(Topic, 0, 10)]);
        Assert.Equal([Group, "other"], (await SampleAfterAsync(TimeSpan.FromSeconds(1))).Groups.Select(g => g.Group));

        await _log.Admin.DeleteConsumerGroupAsync(Group);
        var report = await SampleAfterAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(["other"], report.Groups.Select(g => g.Group));
        Assert.Equal(0, report.LagRecords);
    }

    [Fact]
    public async Task A_group_whose_topic_is_deleted_is_dropped_and_the_totals_of_nothing_are_zero()
    {
        using var consumer = _log.CreateConsumer(Group);
        await ProduceAsync(10);
        await consumer.CommitAsync([new TopicPartitionOffset(Topic, 0, 5)]);
        await SampleAfterAsync(TimeSpan.FromSeconds(1));

        await _log.Admin.DeleteTopicAsync(Topic);
        var report = await SampleAfterAsync(TimeSpan.FromSeconds(1));

        Assert.Empty(report.Groups);
        Assert.Equal(LagStatus.Ok, report.Status);
        Assert.Equal(0, report.LagRecords);
        Assert.Equal(0.0, report.LagSeconds);
    }

    [Fact]
    public async Task The_group_source_decides_which_groups_are_watched()
    {
        using var consumer = _log.CreateConsumer(Group);
        await ProduceAsync(10);
        await consumer.CommitAsync([new TopicPartitionOffset(Topic, 0, 5)]);
        using var only = new LagMonitor(_log, new FixedGroups(["absent", Group]), new LagThresholds(), _clock);

        var report = await only.SampleAsync();

        Assert.Equal([Group], report.Groups.Select(g => g.Group));
        Assert.Equal(5, report.LagRecords);
    }

    [Fact]
    public void Contradictory_thresholds_are_refused()
    {
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() =>
            new LagMonitor(_log, new FixedGroups([]), new LagThresholds { StallAfter = TimeSpan.FromMinutes(2) }, _clock));
    }

    public void Dispose()
    {
        _monitor.Dispose();
        _log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _dir.Dispose();
    }

    private async Task<LagReport> SampleAfterAsync(TimeSpan delay)
    {
        _clock.Advance(delay);
        return await _monitor.SampleAsync();
    }

    private async Task ProduceAsync(int count)
    {
        using var producer = _log.CreateProducer();
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var records = Enumerable.Range(0, count).Select(i => new ProducerRecord(null, Bytes("v"), now, 0)).ToArray();
        await producer.AppendAsync(Topic, records);
    }

    private sealed class FixedGroups(IReadOnlyList<string> groups) : IConsumerGroupSource
    {
        public Task<IReadOnlyList<string>> ListGroupsAsync(CancellationToken cancellationToken) => Task.FromResult(groups);
    }
}
