using Kappa.Log.Abstractions;
using Kappa.TestKit;
using Xunit;
using static Kappa.Log.Tests.Embedded.LogTestExtensions;

namespace Kappa.Log.Tests.Embedded.Consuming;

public sealed class EmbeddedConsumerTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_waiting_poll_wakes_when_a_record_is_appended()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path);
        await log.Admin.CreateTopicAsync(new TopicSpec("t", 2));
        using var consumer = log.CreateConsumer("g");
        consumer.Assign([new TopicPartitionOffset("t", 0, LogOffset.End), new TopicPartitionOffset("t", 1, LogOffset.End)]);

        var poll = consumer.PollAsync(10, Long).AsTask();
        using var producer = log.CreateProducer();
        await producer.AppendAsync("t", new[] { Record(null, "hello", partition: 1) });

        var batch = await poll;
        Assert.Equal("hello", Assert.Single(batch.Records.ToArray()).Value.Text());
    }

    [Fact]
    public async Task A_poll_on_a_topic_that_does_not_exist_yet_wakes_when_it_is_created_and_written()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path);
        using var consumer = log.CreateConsumer("g");
        consumer.Assign([new TopicPartitionOffset("later", 0, LogOffset.End)]);
        Assert.Equal(0, consumer.Position(new TopicPartition("later", 0)));

        var poll = consumer.PollAsync(10, Long).AsTask();
        using var producer = log.CreateProducer();
        await producer.AppendAsync("later", new[] { Record(null, "first", partition: 0) });

        Assert.Equal("first", Assert.Single((await poll).Records.ToArray()).Value.Text());
    }

    [Fact]
    public async Task A_poll_with_nothing_to_read_returns_an_empty_batch()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path);
        await log.Admin.CreateTopicAsync(new TopicSpec("t", 1));
        using var consumer = log.CreateConsumer("g");
        consumer.Assign([new TopicPartitionOffset("t", 0, LogOffset.Beginning)]);

        Assert.True((await consumer.PollAsync(10, TimeSpan.FromMilliseconds(20))).IsEmpty);
        Assert.True((await consumer.PollAsync(10, TimeSpan.Zero)).IsEmpty);
    }

    [Fact]
    public async Task A_cancelled_poll_throws()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path);
        using var consumer = log.CreateConsumer("g");
        consumer.Assign([new TopicPartitionOffset("t", 0, LogOffset.Beginning)]);
        using var cts = new CancellationTokenSource();

        var poll = consumer.PollAsync(10, Long, cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll);
    }

    [Fact]
    public async Task Polls_rotate_fairly_across_partitions()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path);
        await log.Admin.CreateTopicAsync(new TopicSpec("t", 3));
        using var producer = log.CreateProducer();
        for (var p = 0; p < 3; p++)
        {
            await producer.AppendAsync("t", Numbered(100, p));
        }

        using var consumer = log.CreateConsumer("g");
        consumer.Assign([.. Enumerable.Range(0, 3).Select(p => new TopicPartitionOffset("t", p, 0))]);
        var firstPartitions = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            var batch = await consumer.PollAsync(10, Long);
            Assert.Equal(10, batch.Count);
            firstPartitions.Add(batch.Records[0].Partition);
        }

        Assert.Equal([0, 1, 2, 0, 1, 2], firstPartitions);
        Assert.Equal(20, consumer.Position(new TopicPartition("t", 0)));
    }

    [Fact]
    public async Task Seek_and_position_move_through_a_partition()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path);
        using var producer = log.CreateProducer();
        await producer.AppendAsync("t", Numbered(50, 0));
        var tp = new TopicPartition("t", 0);
        using var consumer = log.CreateConsumer("g");
        consumer.Assign([new TopicPartitionOffset("t", 0, LogOffset.Beginning)]);

        var first = await consumer.PollAsync(5, Long);
        Assert.Equal([0L, 1, 2, 3, 4], first.Records.ToArray().Select(r => r.Offset));
        Assert.Equal(5, consumer.Position(tp));

        consumer.Seek(new TopicPartitionOffset("t", 0, 42));
        Assert.Equal(42, (await consumer.PollAsync(1, Long)).Records[0].Offset);
        consumer.Seek(new TopicPartitionOffset("t", 0, LogOffset.End));
        Assert.Equal(50, consumer.Position(tp));
        consumer.Seek(new TopicPartitionOffset("t", 0, 10_000));
        Assert.Equal(0, (await consumer.PollAsync(1, Long)).Records[0].Offset);
        Assert.Throws<InvalidOperationException>(() => consumer.Position(new TopicPartition("t", 1)));

        // Records of an earlier batch stay valid after later polls.
        Assert.Equal("00000003", first.Records[3].Value.Text());
    }

    [Fact]
    public async Task Records_larger_than_a_fetch_are_read_whole()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path, o => o.FetchBytes = 1024);
        using var producer = log.CreateProducer();
        var big = new string('x', 200_000);
        await producer.AppendAsync("t", new[] { Record("a", "small", partition: 0), Record("b", big, partition: 0), Record("c", "tail", partition: 0) });

        var all = await log.ReadAllAsync("t", 0);

        Assert.Equal(["small", big, "tail"], all.Select(r => r.Value));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_poll_behind_the_log_comes_back_full_however_many_fetches_that_takes(bool reuseBatches)
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path, o => o.FetchBytes = 1024);
        await log.Admin.CreateTopicAsync(new TopicSpec("t", 2));
        using var producer = log.CreateProducer();
        for (var p = 0; p < 2; p++)
        {
            await producer.AppendAsync("t", Numbered(1_000, p));
        }

        using var consumer = log.CreateConsumer("g");
        consumer.ReuseBatches = reuseBatches;
        consumer.Assign([new TopicPartitionOffset("t", 0, 0), new TopicPartitionOffset("t", 1, 0)]);

        // 1 KiB fetches hold a few dozen records: a full poll of 1,500 takes dozens of fetches and both partitions.
        var first = await consumer.PollAsync(1_500, Long);
        Assert.Equal(1_500, first.Count);
        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => (0, (long)i)).Concat(Enumerable.Range(0, 500).Select(i => (1, (long)i))),
            first.Records.ToArray().Select(r => (r.Partition, r.Offset)));
        var firstValues = first.Records.ToArray().Select(r => r.Value.Text()).ToList();

        var rest = await consumer.PollAsync(1_500, Long);
        Assert.Equal(Enumerable.Range(500, 500).Select(i => (1, (long)i)), rest.Records.ToArray().Select(r => (r.Partition, r.Offset)));
        Assert.Equal(0, (await consumer.PollAsync(1_500, TimeSpan.Zero)).Count);
        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)), firstValues.Take(1_000));
        if (!reuseBatches)
        {
            // Without reuse a batch stays whole after later polls.
            Assert.Equal(1_500, first.Count);
            Assert.Equal(firstValues, first.Records.ToArray().Select(r => r.Value.Text()));
        }
    }
}
