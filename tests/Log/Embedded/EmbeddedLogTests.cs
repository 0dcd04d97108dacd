using System.Text;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;
using Kappa.Log.Partitioning;
using Kappa.TestKit;
using Xunit;
using static Kappa.Log.Tests.Embedded.LogTestExtensions;

namespace Kappa.Log.Tests.Embedded;

public sealed class EmbeddedLogTests
{
    [Fact]
    public async Task Records_round_trip_with_headers_and_null_versus_empty_keys_and_values()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path);
        await log.Admin.CreateTopicAsync(new TopicSpec("events", 1));
        using var producer = log.CreateProducer();
        RecordHeader[] headers = [new("trace", "abc"u8.ToArray()), new("empty", ReadOnlyMemory<byte>.Empty)];
        ProducerRecord[] records =
        [
            new(null, null, 10),
            new(ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, 11),
            new("k"u8.ToArray(), "v"u8.ToArray(), 12, Headers: headers),
            new("k2"u8.ToArray(), null, -5),
        ];

        var result = await producer.AppendAsync("events", records);

        Assert.Equal([0L, 1, 2, 3], result.Offsets);
        Assert.All(result.Partitions, p => Assert.Equal(0, p));
        using var consumer = log.CreateConsumer("g");
        consumer.Assign([new TopicPartitionOffset("events", 0, LogOffset.Beginning)]);
        var batch = await consumer.PollAsync(100, TimeSpan.FromSeconds(5));
        Assert.Equal(4, batch.Count);
        var read = batch.Records.ToArray();
        Assert.Null(read[0].Key);
        Assert.Null(read[0].Value);
        Assert.True(read[0].Headers.IsEmpty);
        Assert.Equal(0, read[1].Key!.Value.Length);
        Assert.Equal(0, read[1].Value!.Value.Length);
        Assert.Equal("k", read[2].Key.Text());
        Assert.Equal("v", read[2].Value.Text());
        Assert.Equal(12, read[2].Timestamp);
        var readHeaders = read[2].Headers.ToList();
        Assert.Equal(2, readHeaders.Count);
        Assert.Equal("trace", readHeaders[0].Name);
        Assert.Equal("abc", Encoding.UTF8.GetString(readHeaders[0].Value.Span));
        Assert.Equal(0, readHeaders[1].Value.Length);
        Assert.Null(read[3].Value);
        Assert.Equal(-5, read[3].Timestamp);
        Assert.Equal([0L, 1, 2, 3], read.Select(r => r.Offset));
        Assert.All(read, r => Assert.Equal("events", r.Topic));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Records_copied_out_of_a_batch_stay_valid_after_later_polls_whether_or_not_batches_are_reused(bool reuse)
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path);
        await log.Admin.CreateTopicAsync(new TopicSpec("events", 2));
        using var producer = log.CreateProducer();
        var values = Enumerable.Range(0, 500).Select(i => $"value-{i}").ToArray();
        await producer.AppendAsync("events", values.Select((v, i) => new ProducerRecord(null, Encoding.UTF8.GetBytes(v), i, i % 2)).ToArray());
        using var consumer = log.CreateConsumer("g");
        consumer.ReuseBatches = reuse;
        consumer.Assign([new TopicPartitionOffset("events", 0, LogOffset.Beginning), new TopicPartitionOffset("events", 1, LogOffset.Beginning)]);

        var copied = new List<LogRecord>();
        var sizes = new List<int>();
        while (copied.Count < values.Length)
        {
            // Uneven polls, so a reused array is sometimes filled less than the time before.
            var batch = await consumer.PollAsync(sizes.Count % 2 == 0 ? 97 : 13, TimeSpan.FromSeconds(5));
            Assert.False(batch.IsEmpty);
            sizes.Add(batch.Count);
            copied.AddRange(batch.Records);
        }

        Assert.Equal(reuse, consumer.ReuseBatches);
        Assert.Contains(13, sizes);
        Assert.Equal(values.Order(StringComparer.Ordinal), copied.Select(r => Encoding.UTF8.GetString(r.Value!.Value.Span)).Order(StringComparer.Ordinal));
        Assert.All(copied.GroupBy(r => r.Partition), p => Assert.Equal(Enumerable.Range(0, 250).Select(i => (long)i), p.Select(r => r.Offset)));
    }

    [Fact]
    public async Task Offsets_stay_dense_across_segment_rolls()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path, o => o.SegmentBytes = 2048);
        using var producer = log.CreateProducer();
        for (var i = 0; i < 50; i++)
        {
            var result = await producer.AppendAsync("t", Numbered(7, 0, firstTimestamp: i * 7));
            Assert.Equal(Enumerable.Range(i * 7, 7).Select(o => (long)o), result.Offsets);
        }

        Assert.True(Directory.GetFiles(dir.Combine("topics", "t", "0"), "*.log").Length > 3);
        var all = await log.ReadAllAsync("t", 0);
        Assert.Equal(Enumerable.Range(0, 350).Select(o => (long)o), all.Select(r => r.Offset));
        Assert.Equal(Enumerable.Range(0, 350).Select(o => (long)o), all.Select(r => r.Timestamp));

        var middle = await log.ReadAllAsync("t", 0, from: 123);
        Assert.Equal(123, middle[0].Offset);
        Assert.Equal(350 - 123, middle.Count);
    }

    [Fact]
    public async Task Reopening_preserves_topics_records_and_continues_offsets()
    {
        using var dir = new TempDirectory("log");
        await using (var log = OpenLog(dir.Path, o => o.SegmentBytes = 4096))
        {
            await log.Admin.CreateTopicAsync(new TopicSpec("kept", 3, new TopicConfig(RetentionMs: 1000, RetentionBytes: 1 << 20, Compacted: true)));
            using var producer = log.CreateProducer();
            for (var i = 0; i < 20; i++)
            {
                await producer.AppendAsync("kept", Numbered(10, i % 3, firstTimestamp: i * 10));
            }
        }

        await using (var log = OpenLog(dir.Path, o => o.SegmentBytes = 4096))
        {
            var description = await log.Admin.DescribeTopicAsync("kept");
            Assert.Equal(new TopicDescription("kept", 3, new TopicConfig(1000, 1 << 20, true)), description);
            Assert.Equal(new WatermarkOffsets(0, 70), log.GetWatermarks(new TopicPartition("kept", 0)));
            Assert.Equal(new WatermarkOffsets(0, 70), log.GetWatermarks(new TopicPartition("kept", 1)));
            Assert.Equal(new WatermarkOffsets(0, 60), log.GetWatermarks(new TopicPartition("kept", 2)));
            using var producer = log.CreateProducer();
            var result = await producer.AppendAsync("kept", Numbered(5, 2));
            Assert.Equal([60L, 61, 62, 63, 64], result.Offsets);
            var all = await log.ReadAllAsync("kept", 2);
            Assert.Equal(Enumerable.Range(0, 65).Select(o => (long)o), all.Select(r => r.Offset));
        }
    }

    [Fact]
    public async Task Fsync_on_append_keeps_the_same_semantics()
    {
        using var dir = new TempDirectory("log");
        await using (var log = OpenLog(dir.Path, o => o.FsyncOnAppend = true))
        {
            using var producer = log.CreateProducer();
            await producer.AppendAsync("t", Numbered(10, 0));
            using var consumer = log.CreateConsumer("g");
            await consumer.CommitAsync([new TopicPartitionOffset("t", 0, 10)]);
        }

        await using var reopened = OpenLog(dir.Path, o => o.FsyncOnAppend = true);
        Assert.Equal(10, (await reopened.ReadAllAsync("t", 0)).Count);
        Assert.Equal(10, (await reopened.Admin.ListConsumerGroupOffsetsAsync("g"))[new TopicPartition("t", 0)]);
    }

    [Fact]
    public async Task Appending_to_a_missing_topic_creates_it_with_the_default_partition_count()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path, o => o.DefaultPartitions = 6);
        using var producer = log.CreateProducer();

        await producer.AppendAsync("auto", new[] { Record("k", "v") });

        Assert.Equal(6, log.Admin.DefaultPartitions);
        Assert.Equal(6, (await log.Admin.DescribeTopicAsync("auto"))!.Partitions);
    }

    [Fact]
    public async Task The_default_partition_count_is_four()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path);
        using var producer = log.CreateProducer();
        await producer.AppendAsync("auto", new[] { Record("k", "v") });
        Assert.Equal(4, (await log.Admin.DescribeTopicAsync("auto"))!.Partitions);
    }

    [Fact]
    public async Task Keys_are_placed_by_murmur2_and_keyless_records_of_one_append_share_a_partition()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path);
        await log.Admin.CreateTopicAsync(new TopicSpec("keyed", 5));
        using var producer = log.CreateProducer();
        var keys = Enumerable.Range(0, 40).Select(i => $"key-{i}").ToArray();

        var result = await producer.AppendAsync("keyed", keys.Select(k => Record(k, k)).ToArray());

        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(KafkaPartitioner.Partition(Encoding.UTF8.GetBytes(keys[i]), 5), result.Partitions[i]);
        }

        var keyless = await producer.AppendAsync("keyed", new[] { Record(null, "a"), Record(null, "b") });
        Assert.Equal(keyless.Partitions[0], keyless.Partitions[1]);
        var next = await producer.AppendAsync("keyed", new[] { Record(null, "c") });
        Assert.NotEqual(keyless.Partitions[0], next.Partitions[0]);

        for (var p = 0; p < 5; p++)
        {
            var read = await log.ReadAllAsync("keyed", p);
            var expected = keys.Where((_, i) => result.Partitions[i] == p).ToList();
            Assert.Equal(expected, read.Where(r => r.Value!.StartsWith("key-", StringComparison.Ordinal)).Select(r => r.Value));
        }
    }

    [Fact]
    public async Task An_explicit_partition_out_of_range_is_rejected()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path);
        await log.Admin.CreateTopicAsync(new TopicSpec("small", 2));
        using var producer = log.CreateProducer();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await producer.AppendAsync("small", new[] { Record("k", "v", partition: 2) }));
    }

    [Fact]
    public async Task Committed_offsets_persist_across_reopen_and_are_listed_per_group()
    {
        using var dir = new TempDirectory("log");
        var tp = new TopicPartition("t", 1);
        await using (var log = OpenLog(dir.Path))
        {
            using var producer = log.CreateProducer();
            await producer.AppendAsync("t", Numbered(10, 1));
            using var consumer = log.CreateConsumer("group/with odd:chars");
            Assert.Null(await consumer.CommittedAsync(tp));
            await consumer.CommitAsync([new TopicPartitionOffset("t", 1, 4)]);
            await consumer.CommitAsync([new TopicPartitionOffset("t", 1, 7), new TopicPartitionOffset("t", 0, 0)]);
        }

        await using (var log = OpenLog(dir.Path))
        {
            using var consumer = log.CreateConsumer("group/with odd:chars");
            Assert.Equal(7, await consumer.CommittedAsync(tp));
            Assert.Equal(["group/with odd:chars"], await log.Admin.ListConsumerGroupsAsync());
            Assert.Equal(7, (await log.Admin.ListConsumerGroupOffsetsAsync("group/with odd:chars"))[tp]);
            Assert.Empty(await log.Admin.ListConsumerGroupOffsetsAsync("nobody"));

            consumer.Assign([new TopicPartitionOffset("t", 1, LogOffset.Stored)]);
            Assert.Equal(7, consumer.Position(tp));
            var batch = await consumer.PollAsync(100, TimeSpan.FromSeconds(5));
            Assert.Equal([7L, 8, 9], batch.Records.ToArray().Select(r => r.Offset));

            using var fresh = log.CreateConsumer("fresh");
            fresh.Assign([new TopicPartitionOffset("t", 1, LogOffset.Stored)]);
            Assert.Equal(0, fresh.Position(tp));
        }
    }

    [Fact]
    public async Task A_deleted_group_is_gone_from_listings_and_stays_gone_after_reopen()
    {
        using var dir = new TempDirectory("log");
        var tp = new TopicPartition("t", 0);
        await using (var log = OpenLog(dir.Path))
        {
            using var consumer = log.CreateConsumer("done");
            await consumer.CommitAsync([new TopicPartitionOffset("t", 0, 3)]);
            using var other = log.CreateConsumer("kept");
            await other.CommitAsync([new TopicPartitionOffset("t", 0, 5)]);

            await log.Admin.DeleteConsumerGroupAsync("done");
            await log.Admin.DeleteConsumerGroupAsync("done");
            await log.Admin.DeleteConsumerGroupAsync("never-existed");
            Assert.Equal(["kept"], await log.Admin.ListConsumerGroupsAsync());
            Assert.Null(await consumer.CommittedAsync(tp));
        }

        await using var reopened = OpenLog(dir.Path);
        Assert.Equal(["kept"], await reopened.Admin.ListConsumerGroupsAsync());
        Assert.Equal(5, (await reopened.Admin.ListConsumerGroupOffsetsAsync("kept"))[tp]);
    }

    [Fact]
    public async Task A_second_open_of_the_same_directory_fails_clearly_until_the_first_is_disposed()
    {
        using var dir = new TempDirectory("log");
        var first = OpenLog(dir.Path);

        var ex = Assert.Throws<LogException>(() => OpenLog(dir.Path));
        Assert.Contains("in use", ex.Message, StringComparison.Ordinal);

        await first.DisposeAsync();
        await using var second = OpenLog(dir.Path);
        Assert.Equal("embedded", second.Name);
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("a/b")]
    public async Task Bad_topic_names_are_rejected_everywhere(string name)
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path);
        using var producer = log.CreateProducer();
        await Assert.ThrowsAsync<InvalidTopicException>(async () => await producer.AppendAsync(name, new[] { Record("k", "v") }));
        await Assert.ThrowsAsync<InvalidTopicException>(() => log.Admin.CreateTopicAsync(new TopicSpec(name, 1)));
        using var consumer = log.CreateConsumer("g");
        Assert.Throws<InvalidTopicException>(() => consumer.Assign([new TopicPartitionOffset(name, 0, 0)]));
        Assert.Empty(await log.Admin.ListTopicsAsync());
    }

    [Fact]
    public async Task Admin_creates_ensures_lists_and_deletes_topics()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path);
        await log.Admin.CreateTopicAsync(new TopicSpec("b", 2));
        await log.Admin.CreateTopicAsync(new TopicSpec("a", 1));
        await Assert.ThrowsAsync<TopicExistsException>(() => log.Admin.CreateTopicAsync(new TopicSpec("a", 3)));
        Assert.Equal(2, (await log.Admin.EnsureTopicAsync(new TopicSpec("b", 9))).Partitions);
        Assert.Equal(["a", "b"], (await log.Admin.ListTopicsAsync()).Select(t => t.Name));
        Assert.Null(await log.Admin.DescribeTopicAsync("c"));

        using var producer = log.CreateProducer();
        await producer.AppendAsync("b", new[] { Record("k", "v") });
        await log.Admin.DeleteTopicAsync("b");

        Assert.Equal(["a"], (await log.Admin.ListTopicsAsync()).Select(t => t.Name));
        Assert.False(Directory.Exists(dir.Combine("topics", "b")));
        await Assert.ThrowsAsync<UnknownTopicException>(() => log.Admin.DeleteTopicAsync("b"));
        Assert.Throws<UnknownTopicException>(() => log.GetWatermarks(new TopicPartition("b", 0)));

        await producer.AppendAsync("b", new[] { Record("k", "again") });
        Assert.Equal(4, (await log.Admin.DescribeTopicAsync("b"))!.Partitions);
        Assert.Equal(new WatermarkOffsets(0, 1), log.GetWatermarks(new TopicPartition("b", KafkaPartitioner.Partition("k"u8, 4))));
    }

    [Fact]
    public void Invalid_options_are_reported_together()
    {
        var options = new EmbeddedLogOptions { DataDirectory = "", DefaultPartitions = 0, SegmentBytes = 10 };
        var ex = Assert.Throws<ArgumentException>(() => EmbeddedLog.Open(options));
        Assert.Contains("DataDirectory is required", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DefaultPartitions must be at least 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SegmentBytes must be at least 1024", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offset_for_timestamp_finds_the_first_record_at_or_after_it_even_when_timestamps_go_back()
    {
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path, o =>
        {
            o.SegmentBytes = 1024;
            o.IndexIntervalBytes = 64;
        });
        using var producer = log.CreateProducer();
        long[] timestamps = [100, 300, 200, 250, 500, 400, 400, 700, 600, 1000];
        var records = new List<ProducerRecord>();
        for (var round = 0; round < 20; round++)
        {
            records.AddRange(timestamps.Select(t => Record(null, "x", t + (round * 1000), partition: 0)));
        }

        foreach (var chunk in records.Chunk(7))
        {
            await producer.AppendAsync("ts", chunk);
        }

        var all = records.Select((r, i) => (Offset: (long)i, r.Timestamp)).ToList();
        using var consumer = log.CreateConsumer("g");
        var tp = new TopicPartition("ts", 0);
        foreach (var t in new long[] { long.MinValue, 0, 100, 101, 201, 260, 450, 999, 1000, 5201, 19_650, 19_999, 20_000, 30_000 })
        {
            var expected = all.FirstOrDefault(r => r.Timestamp >= t, (Offset: all.Count, Timestamp: 0)).Offset;
            Assert.Equal(expected, await consumer.OffsetForTimestampAsync(tp, t));
        }
    }
}
