using Kappa.Log.Abstractions;
using Kappa.TestKit;
using Xunit;
using static Kappa.Log.Tests.Embedded.LogTestExtensions;

namespace Kappa.Log.Tests.Embedded;

public sealed class RetentionTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Time_retention_deletes_sealed_segments_whose_newest_record_is_too_old()
    {
        using var dir = new TempDirectory("log");
        var clock = new ManualTimeProvider(Start);
        await using var log = OpenLog(dir.Path, o =>
        {
            o.SegmentBytes = 1024;
            o.TimeProvider = clock;
        });
        await log.Admin.CreateTopicAsync(new TopicSpec("t", 1, new TopicConfig(RetentionMs: 60_000)));
        using var producer = log.CreateProducer();
        var startMs = Start.ToUnixTimeMilliseconds();
        for (var i = 0; i < 30; i++)
        {
            // Event time moves one second per append.
            await producer.AppendAsync("t", Numbered(10, 0, firstTimestamp: startMs + (i * 1000)));
        }

        var tp = new TopicPartition("t", 0);
        using var consumer = log.CreateConsumer("g");
        consumer.Assign([new TopicPartitionOffset("t", 0, 3)]);

        Assert.Equal(0, log.EnforceRetention());

        clock.Advance(TimeSpan.FromSeconds(75));
        var deleted = log.EnforceRetention();

        Assert.True(deleted > 0);
        var low = log.GetWatermarks(tp).Low;
        Assert.True(low > 0);
        Assert.Equal(300, log.GetWatermarks(tp).High);
        var first = (await consumer.PollAsync(1, TimeSpan.FromSeconds(5))).Records[0];
        Assert.Equal(low, first.Offset);
        Assert.True(first.Timestamp >= startMs + 15_000 - 1000);

        clock.Advance(TimeSpan.FromDays(1));
        log.EnforceRetention();
        var active = Directory.GetFiles(dir.Combine("topics", "t", "0"), "*.log");
        Assert.Single(active);
        Assert.Equal(300, log.GetWatermarks(tp).High);
        Assert.Equal(300 - log.GetWatermarks(tp).Low, (await log.ReadAllAsync("t", 0)).Count);
    }

    [Fact]
    public async Task Size_retention_keeps_the_partition_under_the_limit_by_whole_segments()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path, o => o.SegmentBytes = 1024);
        await log.Admin.CreateTopicAsync(new TopicSpec("t", 1, new TopicConfig(RetentionBytes: 3000)));
        using var producer = log.CreateProducer();
        for (var i = 0; i < 60; i++)
        {
            await producer.AppendAsync("t", Numbered(5, 0));
        }

        var partition = dir.Combine("topics", "t", "0");
        long TotalBytes() => Directory.GetFiles(partition, "*.log").Sum(f => new FileInfo(f).Length);
        Assert.True(TotalBytes() > 3000);

        Assert.True(log.EnforceRetention() > 0);

        Assert.True(TotalBytes() < 3000 + 1024);
        var watermarks = log.GetWatermarks(new TopicPartition("t", 0));
        Assert.True(watermarks.Low > 0);
        Assert.Equal(300, watermarks.High);
        var all = await log.ReadAllAsync("t", 0);
        Assert.Equal(Enumerable.Range((int)watermarks.Low, 300 - (int)watermarks.Low).Select(o => (long)o), all.Select(r => r.Offset));
    }

    [Fact]
    public async Task Topics_without_limits_keep_everything()
    {
        using var dir = new TempDirectory("log");
        var clock = new ManualTimeProvider(Start);
        await using var log = OpenLog(dir.Path, o =>
        {
            o.SegmentBytes = 1024;
            o.TimeProvider = clock;
        });
        using var producer = log.CreateProducer();
        for (var i = 0; i < 20; i++)
        {
            await producer.AppendAsync("t", Numbered(5, 0));
        }

        clock.Advance(TimeSpan.FromDays(10_000));
        Assert.Equal(0, log.EnforceRetention());
        Assert.Equal(0, log.GetWatermarks(new TopicPartition("t", 0)).Low);
    }
}
