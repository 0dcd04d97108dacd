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
    public async Task A_poll_behind_the_log_comes_back_full_fetching_from_every_partition_in_turn(bool reuseBatches)
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path, o => o.FetchBytes = 1024);
        await log.Admin.CreateTopicAsync(new TopicSpec("t", 2));
        using var producer = log.CreateProducer();
        for (var append = 0; append < 100; append++)
        {
            // Appends of 10 records make frames of a few hundred bytes: a 1 KiB fetch holds a few of them.
            for (var p = 0; p < 2; p++)
            {
                await producer.AppendAsync("t", Numbered(10, p, firstTimestamp: append * 10));
            }
        }

        using var consumer = log.CreateConsumer("g");
        consumer.ReuseBatches = reuseBatches;
        consumer.Assign([new TopicPartitionOffset("t", 0, 0), new TopicPartitionOffset("t", 1, 0)]);

        var first = await consumer.PollAsync(1_500, Long);
        var firstRecords = first.Records.ToArray().Select(r => (r.Partition, r.Offset, Value: r.Value.Text())).ToList();
        Assert.Equal(1_500, firstRecords.Count);
        var read = new Dictionary<int, int>();
        for (var p = 0; p < 2; p++)
        {
            var offsets = firstRecords.Where(r => r.Partition == p).Select(r => r.Offset).ToList();
            Assert.Equal(Enumerable.Range(0, offsets.Count).Select(i => (long)i), offsets);

            // Fetch by fetch in turn: neither partition filled the poll alone.
            Assert.InRange(offsets.Count, 500, 1_000);
            read[p] = offsets.Count;
        }

        var rest = (await consumer.PollAsync(1_500, Long)).Records.ToArray().Select(r => (r.Partition, r.Offset)).ToList();
        Assert.Equal(500, rest.Count);
        for (var p = 0; p < 2; p++)
        {
            Assert.Equal(Enumerable.Range(read[p], 1_000 - read[p]).Select(i => (long)i), rest.Where(r => r.Partition == p).Select(r => r.Offset));
        }

        Assert.Equal(0, (await consumer.PollAsync(1_500, TimeSpan.Zero)).Count);
        if (!reuseBatches)
        {
            // Without reuse a batch stays whole after later polls.
            Assert.Equal(firstRecords, first.Records.ToArray().Select(r => (r.Partition, r.Offset, Value: r.Value.Text())));
        }
    }

    [Fact]
    public async Task A_poll_stops_fetching_at_its_byte_budget()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path, o =>
        {
            o.FetchBytes = 1024;
            o.MaxPollBytes = 4096;
        });
        using var producer = log.CreateProducer();
        for (var append = 0; append < 100; append++)
        {
            await producer.AppendAsync("t", Numbered(10, 0, firstTimestamp: append * 10));
        }

        using var consumer = log.CreateConsumer("g");
        consumer.Assign([new TopicPartitionOffset("t", 0, 0)]);

        // Four fetches of about 1 KiB hold far fewer than the 1,000 records asked for.
        var batch = await consumer.PollAsync(1_000, Long);

        Assert.InRange(batch.Count, 1, 400);
        Assert.Equal(Enumerable.Range(0, batch.Count).Select(i => (long)i), batch.Records.ToArray().Select(r => r.Offset));
    }

    [Fact]
    public async Task With_reused_batches_every_batch_is_intact_while_its_fetch_buffers_are_recycled()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path, o => o.FetchBytes = 1024);
        await log.Admin.CreateTopicAsync(new TopicSpec("t", 3));
        using var producer = log.CreateProducer();
        for (var append = 0; append < 60; append++)
        {
            for (var p = 0; p < 3; p++)
            {
                // Each value says where it belongs, so a buffer recycled too early shows as a wrong value.
                await producer.AppendAsync("t", Enumerable.Range(0, 10).Select(i => Record(null, $"p{p}-o{(append * 10) + i:D5}", partition: p)).ToArray());
            }
        }

        using var consumer = log.CreateConsumer("g");
        consumer.ReuseBatches = true;
        consumer.Assign([.. Enumerable.Range(0, 3).Select(p => new TopicPartitionOffset("t", p, 0))]);
        var next = new long[3];

        // Polls of 37 records end mid-buffer, so a buffer is drained across polls while others are recycled.
        while (next.Sum() < 1_800)
        {
            var batch = await consumer.PollAsync(37, Long);
            Assert.False(batch.IsEmpty);
            foreach (var record in batch.Records.ToArray())
            {
                Assert.Equal(next[record.Partition]++, record.Offset);
                Assert.Equal($"p{record.Partition}-o{record.Offset:D5}", record.Value.Text());
            }
        }
    }

    [Fact]
    public async Task With_reused_batches_polls_read_into_the_buffers_of_earlier_polls()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path, o => o.FetchBytes = 64 * 1024);
        using var producer = log.CreateProducer();
        for (var append = 0; append < 200; append++)
        {
            await producer.AppendAsync("t", Numbered(100, 0, firstTimestamp: append * 100, valueBytes: 100));
        }

        // About 2.3 MB of records in frames of about 11 KB, 64 KiB a fetch: without recycling, reading them allocates at
        // least their size.
        async Task<long> AllocatedReadingAsync(bool reuse)
        {
            using var consumer = log.CreateConsumer("g-" + reuse);
            consumer.ReuseBatches = reuse;
            consumer.Assign([new TopicPartitionOffset("t", 0, 0)]);
            await consumer.PollAsync(1_000, Long);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var read = 0;
            while (read < 19_000)
            {
                // Data is there, so polls complete on this thread: the count is this consumer's alone.
                read += (await consumer.PollAsync(1_000, Long)).Count;
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var fresh = await AllocatedReadingAsync(reuse: false);
        var reused = await AllocatedReadingAsync(reuse: true);

        Assert.True(fresh > 2_000_000, $"{fresh} bytes allocated without reuse");
        Assert.True(reused < fresh / 10, $"{reused} bytes allocated with reuse, {fresh} without");
    }

    [Fact]
    public async Task A_batch_polled_before_reuse_was_turned_on_stays_whole()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path, o => o.FetchBytes = 64 * 1024);
        using var producer = log.CreateProducer();
        for (var append = 0; append < 40; append++)
        {
            // Every value differs (frames of equal layout would put equal bytes where a reused buffer's were).
            var first = append * 100;
            await producer.AppendAsync("t", Enumerable.Range(first, 100).Select(o => Record(null, $"o{o:D6}".PadRight(100, 'x'), partition: 0)).ToArray());
        }

        using var consumer = log.CreateConsumer("g");
        consumer.Assign([new TopicPartitionOffset("t", 0, 0)]);

        // The first batch ends inside a fetch buffer that later polls, with reuse on, drain and retire.
        var kept = await consumer.PollAsync(50, Long);
        var expected = kept.Records.ToArray().Select(r => (r.Offset, Value: r.Value.Text())).ToList();
        consumer.ReuseBatches = true;
        var read = kept.Count;
        while (read < 4_000)
        {
            read += (await consumer.PollAsync(300, Long)).Count;
        }

        Assert.Equal(expected, kept.Records.ToArray().Select(r => (r.Offset, Value: r.Value.Text())));
    }
}
