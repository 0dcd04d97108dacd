using System.Text;
using Kappa.Log.Abstractions;
using Kappa.Log.Partitioning;
using Xunit;
using static Kappa.Log.Tests.Embedded.LogTestExtensions;

namespace Kappa.Log.Tests.Abstractions;

/// <summary>
/// The behaviour every <see cref="ILog"/> owes its callers, run against each backend by a subclass. A backend that
/// cannot do something (librdkafka's mock cluster has no topic admin API) says so through a capability property,
/// and the tests that need it check only what the backend can do: the property's name says which.
/// </summary>
public abstract class LogContractTests : IAsyncLifetime
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);
    private ILog? _log;

    protected ILog Log => _log ?? throw new InvalidOperationException("the log is not open");

    /// <summary>Whether the admin API can create and delete topics (the mock cluster cannot).</summary>
    protected virtual bool CanCreateTopicsThroughAdmin => true;

    /// <summary>Whether consumer groups can be deleted (the mock cluster lacks DeleteGroups).</summary>
    protected virtual bool CanDeleteGroups => true;

    /// <summary>Whether offsets for timestamps are answered (the mock cluster answers End for any time).</summary>
    protected virtual bool CanFindOffsetsForTimestamps => true;

    public async Task InitializeAsync() => _log = await OpenAsync();

    public async Task DisposeAsync()
    {
        if (_log is not null)
        {
            await _log.DisposeAsync();
        }

        await CloseAsync();
    }

    protected abstract Task<ILog> OpenAsync();

    protected virtual Task CloseAsync() => Task.CompletedTask;

    /// <summary>Creates a topic the way this backend's tests can: the admin API, or the backend's own means.</summary>
    protected virtual Task CreateTopicAsync(string name, int partitions) => Log.Admin.CreateTopicAsync(new TopicSpec(name, partitions));

    [Fact]
    public async Task Records_round_trip_with_headers_and_null_versus_empty_keys_and_values()
    {
        await CreateTopicAsync("events", 1);
        using var producer = Log.CreateProducer();
        RecordHeader[] headers = [new("trace", "abc"u8.ToArray()), new("empty", ReadOnlyMemory<byte>.Empty)];
        ProducerRecord[] records =
        [
            new(null, null, 10),
            new(ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, 11),
            new("k"u8.ToArray(), "v"u8.ToArray(), 12, Headers: headers),
            new("xk2y"u8.ToArray().AsMemory(1, 2), "xvaluey"u8.ToArray().AsMemory(1, 5), 1_795_341_600_000),
        ];

        var result = await producer.AppendAsync("events", records);

        Assert.Equal([0L, 1, 2, 3], result.Offsets);
        Assert.All(result.Partitions, p => Assert.Equal(0, p));
        using var consumer = Log.CreateConsumer("g");
        consumer.Assign([new TopicPartitionOffset("events", 0, LogOffset.Beginning)]);
        var read = (await PollAtLeastAsync(consumer, 4)).ToArray();
        Assert.Null(read[0].Key);
        Assert.Null(read[0].Value);
        Assert.True(read[0].Headers.IsEmpty);
        Assert.Equal(0, read[1].Key!.Value.Length);
        Assert.Equal(0, read[1].Value!.Value.Length);
        Assert.Equal("k", read[2].Key.Text());
        Assert.Equal("v", read[2].Value.Text());
        Assert.Equal(12, read[2].Timestamp);
        var readHeaders = read[2].Headers.ToList();
        Assert.Equal(["trace", "empty"], readHeaders.Select(h => h.Name));
        Assert.Equal("abc", Encoding.UTF8.GetString(readHeaders[0].Value.Span));
        Assert.Equal(0, readHeaders[1].Value.Length);
        Assert.Equal("k2", read[3].Key.Text());
        Assert.Equal("value", read[3].Value.Text());
        Assert.Equal(1_795_341_600_000, read[3].Timestamp);
        Assert.Equal([0L, 1, 2, 3], read.Select(r => r.Offset));
        Assert.All(read, r => Assert.Equal("events", r.Topic));
    }

    [Fact]
    public async Task Keys_are_placed_by_murmur2_and_keyless_records_of_one_append_share_a_partition()
    {
        await CreateTopicAsync("keyed", 5);
        using var producer = Log.CreateProducer();
        var keys = Enumerable.Range(0, 40).Select(i => $"key-{i}").ToArray();

        var result = await producer.AppendAsync("keyed", keys.Select(k => Record(k, k, 1)).ToArray());

        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(KafkaPartitioner.Partition(Encoding.UTF8.GetBytes(keys[i]), 5), result.Partitions[i]);
        }

        var keyless = await producer.AppendAsync("keyed", new[] { Record(null, "a", 1), Record(null, "b", 1) });
        Assert.Equal(keyless.Partitions[0], keyless.Partitions[1]);
        var next = await producer.AppendAsync("keyed", new[] { Record(null, "c", 1) });
        Assert.NotEqual(keyless.Partitions[0], next.Partitions[0]);

        for (var p = 0; p < 5; p++)
        {
            var read = await Log.ReadAllAsync("keyed", p);
            var expected = keys.Where((_, i) => result.Partitions[i] == p).ToList();
            Assert.Equal(expected, read.Where(r => r.Value!.StartsWith("key-", StringComparison.Ordinal)).Select(r => r.Value));
            Assert.Equal(Enumerable.Range(0, read.Count).Select(i => (long)i), read.Select(r => r.Offset));
        }
    }

    [Fact]
    public async Task Appends_to_explicit_partitions_get_dense_offsets_and_keep_their_order()
    {
        await CreateTopicAsync("dense", 2);
        using var producer = Log.CreateProducer();

        var first = await producer.AppendAsync("dense", Numbered(30, 1, firstTimestamp: 100));
        var second = await producer.AppendAsync("dense", Numbered(5, 1, firstTimestamp: 200));

        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), first.Offsets);
        Assert.Equal(Enumerable.Range(30, 5).Select(i => (long)i), second.Offsets);
        var read = await Log.ReadAllAsync("dense", 1);
        Assert.Equal(35, read.Count);
        Assert.Equal("00000029", read[29].Value);
        Assert.Equal(204, read[34].Timestamp);
        Assert.Empty(await Log.ReadAllAsync("dense", 0));
    }

    [Fact]
    public async Task An_explicit_partition_out_of_range_is_rejected()
    {
        await CreateTopicAsync("small", 2);
        using var producer = Log.CreateProducer();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await producer.AppendAsync("small", new[] { Record("k", "v", 1, partition: 2) }));
    }

    [Fact]
    public async Task A_waiting_poll_wakes_when_a_record_is_appended_and_an_idle_one_returns_empty()
    {
        await CreateTopicAsync("wake", 1);
        using var consumer = Log.CreateConsumer("g");
        consumer.Assign([new TopicPartitionOffset("wake", 0, LogOffset.End)]);
        Assert.True((await consumer.PollAsync(10, TimeSpan.FromMilliseconds(50))).IsEmpty);

        var poll = consumer.PollAsync(10, Long).AsTask();
        using var producer = Log.CreateProducer();
        await producer.AppendAsync("wake", new[] { Record("k", "v", 1) });

        var batch = await poll;
        Assert.Equal("v", Assert.Single(batch.Records.ToArray()).Value.Text());
    }

    [Fact]
    public async Task A_cancelled_poll_throws()
    {
        await CreateTopicAsync("cancel", 1);
        using var consumer = Log.CreateConsumer("g");
        consumer.Assign([new TopicPartitionOffset("cancel", 0, LogOffset.Beginning)]);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await consumer.PollAsync(10, Long, cancellation.Token));
    }

    [Fact]
    public async Task Seek_and_position_move_through_a_partition_and_batches_stay_valid()
    {
        await CreateTopicAsync("t", 1);
        using var producer = Log.CreateProducer();
        await producer.AppendAsync("t", Numbered(50, 0, firstTimestamp: 1));
        var tp = new TopicPartition("t", 0);
        using var consumer = Log.CreateConsumer("g");
        consumer.Assign([new TopicPartitionOffset("t", 0, LogOffset.Beginning)]);
        Assert.Equal(0, consumer.Position(tp));
        Assert.Equal([tp], consumer.Assignment);

        var first = await consumer.PollAsync(5, Long);
        Assert.Equal([0L, 1, 2, 3, 4], first.Records.ToArray().Select(r => r.Offset));
        Assert.Equal(5, consumer.Position(tp));

        consumer.Seek(new TopicPartitionOffset("t", 0, 42));
        Assert.Equal(42, consumer.Position(tp));
        Assert.Equal(42, (await consumer.PollAsync(1, Long)).Records[0].Offset);
        consumer.Seek(new TopicPartitionOffset("t", 0, LogOffset.End));
        Assert.Equal(50, consumer.Position(tp));
        consumer.Seek(new TopicPartitionOffset("t", 0, 10_000));
        Assert.Equal(0, (await consumer.PollAsync(1, Long)).Records[0].Offset);
        Assert.Throws<InvalidOperationException>(() => consumer.Position(new TopicPartition("t", 1)));

        await consumer.PollAsync(1000, Long);
        Assert.Equal("00000003", first.Records[3].Value.Text());
    }

    [Fact]
    public async Task Commits_are_read_back_and_a_stored_position_resumes_from_them()
    {
        await CreateTopicAsync("c", 2);
        using var producer = Log.CreateProducer();
        await producer.AppendAsync("c", Numbered(10, 1, firstTimestamp: 1));
        var tp = new TopicPartition("c", 1);
        using var consumer = Log.CreateConsumer("readers");
        Assert.Null(await consumer.CommittedAsync(tp));

        await consumer.CommitAsync([new TopicPartitionOffset("c", 1, 4)]);
        await consumer.CommitAsync([new TopicPartitionOffset("c", 1, 7), new TopicPartitionOffset("c", 0, 0)]);

        Assert.Equal(7, await consumer.CommittedAsync(tp));
        using var resumed = Log.CreateConsumer("readers");
        resumed.Assign([new TopicPartitionOffset("c", 1, LogOffset.Stored)]);
        Assert.Equal(7, resumed.Position(tp));
        var batch = await PollAtLeastAsync(resumed, 3);
        Assert.Equal([7L, 8, 9], batch.Select(r => r.Offset));

        using var fresh = Log.CreateConsumer("fresh");
        fresh.Assign([new TopicPartitionOffset("c", 1, LogOffset.Stored)]);
        Assert.Equal(0, fresh.Position(tp));

        Assert.Contains("readers", await Log.Admin.ListConsumerGroupsAsync());
        var offsets = await Log.Admin.ListConsumerGroupOffsetsAsync("readers");
        Assert.Equal(7, offsets[tp]);
        Assert.Equal(0, offsets[new TopicPartition("c", 0)]);
    }

    [Fact]
    public async Task A_deleted_group_is_gone_from_listings()
    {
        if (!CanDeleteGroups)
        {
            return;
        }

        await CreateTopicAsync("t", 1);
        using var consumer = Log.CreateConsumer("done");
        await consumer.CommitAsync([new TopicPartitionOffset("t", 0, 0)]);
        using var other = Log.CreateConsumer("kept");
        await other.CommitAsync([new TopicPartitionOffset("t", 0, 0)]);

        await Log.Admin.DeleteConsumerGroupAsync("done");
        await Log.Admin.DeleteConsumerGroupAsync("done");
        await Log.Admin.DeleteConsumerGroupAsync("never-existed");

        var groups = await Log.Admin.ListConsumerGroupsAsync();
        Assert.Contains("kept", groups);
        Assert.DoesNotContain("done", groups);
        Assert.Null(await consumer.CommittedAsync(new TopicPartition("t", 0)));
    }

    [Fact]
    public async Task Watermarks_track_appends_and_an_unknown_topic_has_none()
    {
        await CreateTopicAsync("w", 2);
        using var producer = Log.CreateProducer();
        await producer.AppendAsync("w", Numbered(7, 0, firstTimestamp: 1));
        using var consumer = Log.CreateConsumer("g");

        Assert.Equal(new WatermarkOffsets(0, 7), consumer.GetWatermarks(new TopicPartition("w", 0)));
        Assert.Equal(new WatermarkOffsets(0, 0), consumer.GetWatermarks(new TopicPartition("w", 1)));
        Assert.Throws<UnknownTopicException>(() => consumer.GetWatermarks(new TopicPartition("missing", 0)));
    }

    [Fact]
    public async Task Offset_for_timestamp_finds_the_first_record_at_or_after_it()
    {
        await CreateTopicAsync("times", 1);
        using var producer = Log.CreateProducer();
        await producer.AppendAsync("times", new[] { Record(null, "a", 1000, 0), Record(null, "b", 2000, 0), Record(null, "c", 3000, 0) });
        using var consumer = Log.CreateConsumer("g");
        var tp = new TopicPartition("times", 0);

        Assert.Equal(3, await consumer.OffsetForTimestampAsync(tp, 3001));
        if (CanFindOffsetsForTimestamps)
        {
            Assert.Equal(0, await consumer.OffsetForTimestampAsync(tp, 0));
            Assert.Equal(1, await consumer.OffsetForTimestampAsync(tp, 1500));
            Assert.Equal(2, await consumer.OffsetForTimestampAsync(tp, 3000));
        }
    }

    [Fact]
    public async Task Topics_are_described_ensured_and_listed_in_order()
    {
        await CreateTopicAsync("b-topic", 3);
        await CreateTopicAsync("a-topic", 1);

        Assert.Null(await Log.Admin.DescribeTopicAsync("nope"));
        Assert.Equal(3, (await Log.Admin.DescribeTopicAsync("b-topic"))!.Partitions);
        var ensured = await Log.Admin.EnsureTopicAsync(new TopicSpec("b-topic", 8));
        Assert.Equal(3, ensured.Partitions);
        var names = (await Log.Admin.ListTopicsAsync()).Select(t => t.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.True(names.IndexOf("a-topic") < names.IndexOf("b-topic"));
        Assert.Null(await Log.Admin.DescribeTopicAsync("nope"));
    }

    [Fact]
    public async Task Admin_creates_refuses_duplicates_and_deletes_topics_and_appends_create_missing_ones()
    {
        if (!CanCreateTopicsThroughAdmin)
        {
            return;
        }

        await Log.Admin.CreateTopicAsync(new TopicSpec("made", 3, new TopicConfig(Compacted: true)));
        await Assert.ThrowsAsync<TopicExistsException>(() => Log.Admin.CreateTopicAsync(new TopicSpec("made", 3)));
        Assert.Equal(3, (await Log.Admin.DescribeTopicAsync("made"))!.Partitions);

        await Log.Admin.DeleteTopicAsync("made");
        Assert.Null(await Log.Admin.DescribeTopicAsync("made"));
        await Assert.ThrowsAsync<UnknownTopicException>(() => Log.Admin.DeleteTopicAsync("made"));

        using var producer = Log.CreateProducer();
        await producer.AppendAsync("auto", new[] { Record("k", "v", 1) });
        Assert.Equal(Log.Admin.DefaultPartitions, (await Log.Admin.DescribeTopicAsync("auto"))!.Partitions);
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("..")]
    [InlineData("")]
    public async Task Bad_topic_names_are_rejected_everywhere(string name)
    {
        using var producer = Log.CreateProducer();
        using var consumer = Log.CreateConsumer("g");
        await Assert.ThrowsAsync<InvalidTopicException>(async () => await producer.AppendAsync(name, new[] { Record("k", "v", 1) }));
        await Assert.ThrowsAsync<InvalidTopicException>(() => Log.Admin.DescribeTopicAsync(name));
        Assert.Throws<InvalidTopicException>(() => consumer.Assign([new TopicPartitionOffset(name, 0, 0)]));
    }

    /// <summary>Polls until at least <paramref name="count"/> records came: a broker may split them across fetches.</summary>
    private static async Task<List<LogRecord>> PollAtLeastAsync(ILogConsumer consumer, int count)
    {
        var records = new List<LogRecord>();
        while (records.Count < count)
        {
            var batch = await consumer.PollAsync(1000, Long);
            Assert.False(batch.IsEmpty, $"only {records.Count} of {count} records arrived");
            records.AddRange(batch.Records.ToArray());
        }

        return records;
    }
}
