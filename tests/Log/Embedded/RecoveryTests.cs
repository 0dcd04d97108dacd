using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;
using Kappa.TestKit;
using Xunit;
using static Kappa.Log.Tests.Embedded.LogTestExtensions;

namespace Kappa.Log.Tests.Embedded;

/// <summary>
/// Crash recovery, in process: a crash is simulated by copying the data directory while the log is open (what the
/// OS holds after kill -9) and damaging the copy's tail as a torn write would.
/// </summary>
public sealed class RecoveryTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(40)]
    public async Task A_torn_tail_is_truncated_to_the_last_complete_append(int bytesCut)
    {
        using var dir = new TempDirectory("log");
        using var crashed = new TempDirectory("crashed");
        await using (var log = OpenLog(dir.Path))
        {
            using var producer = log.CreateProducer();
            await producer.AppendAsync("t", Numbered(10, 0));
            await producer.AppendAsync("t", Numbered(3, 0));
            CopyWithoutLock(dir.Path, crashed.Path);
        }

        var segment = Path.Combine(crashed.Path, "topics", "t", "0", "00000000000000000000.log");
        using (var file = File.Open(segment, FileMode.Open))
        {
            file.SetLength(file.Length - bytesCut);
        }

        await using (var log = OpenLog(crashed.Path))
        {
            Assert.Equal(new WatermarkOffsets(0, 10), log.GetWatermarks(new TopicPartition("t", 0)));
            using var producer = log.CreateProducer();
            var result = await producer.AppendAsync("t", Numbered(2, 0));
            Assert.Equal([10L, 11], result.Offsets);
            var all = await log.ReadAllAsync("t", 0);
            Assert.Equal(Enumerable.Range(0, 12).Select(o => (long)o), all.Select(r => r.Offset));
        }
    }

    [Fact]
    public async Task A_corrupt_last_frame_and_trailing_garbage_are_cut()
    {
        using var dir = new TempDirectory("log");
        using var crashed = new TempDirectory("crashed");
        await using (var log = OpenLog(dir.Path))
        {
            using var producer = log.CreateProducer();
            await producer.AppendAsync("t", Numbered(5, 0));
            await producer.AppendAsync("t", Numbered(5, 0));
            CopyWithoutLock(dir.Path, crashed.Path);
        }

        var segment = Path.Combine(crashed.Path, "topics", "t", "0", "00000000000000000000.log");
        var bytes = File.ReadAllBytes(segment);
        bytes[^3] ^= 0xFF;
        File.WriteAllBytes(segment, [.. bytes, .. new byte[100]]);

        await using var reopened = OpenLog(crashed.Path);
        Assert.Equal(new WatermarkOffsets(0, 5), reopened.GetWatermarks(new TopicPartition("t", 0)));
        Assert.Equal(5, (await reopened.ReadAllAsync("t", 0)).Count);
        Assert.True(new FileInfo(segment).Length < bytes.Length);
    }

    [Fact]
    public async Task A_multi_frame_append_torn_in_its_middle_is_dropped_whole()
    {
        using var dir = new TempDirectory("log");
        using var crashed = new TempDirectory("crashed");
        long lengthAfterFirst;
        var segment = Path.Combine("topics", "t", "0", "00000000000000000000.log");
        await using (var log = OpenLog(dir.Path))
        {
            using var producer = log.CreateProducer();
            await producer.AppendAsync("t", Numbered(3, 0));
            lengthAfterFirst = new FileInfo(Path.Combine(dir.Path, segment)).Length;

            // About 200 KB: several frames written by one call.
            await producer.AppendAsync("t", Numbered(2000, 0, valueBytes: 100));
            CopyWithoutLock(dir.Path, crashed.Path);
        }

        var full = new FileInfo(Path.Combine(crashed.Path, segment)).Length;
        using (var file = File.Open(Path.Combine(crashed.Path, segment), FileMode.Open))
        {
            file.SetLength(lengthAfterFirst + ((full - lengthAfterFirst) / 2));
        }

        await using var reopened = OpenLog(crashed.Path);
        Assert.Equal(new WatermarkOffsets(0, 3), reopened.GetWatermarks(new TopicPartition("t", 0)));
        Assert.Equal(lengthAfterFirst, new FileInfo(Path.Combine(crashed.Path, segment)).Length);
    }

    [Fact]
    public async Task Missing_or_corrupt_indexes_of_sealed_segments_are_rebuilt()
    {
        using var dir = new TempDirectory("log");
        await using (var log = OpenLog(dir.Path, o => o.SegmentBytes = 2048))
        {
            using var producer = log.CreateProducer();
            for (var i = 0; i < 30; i++)
            {
                await producer.AppendAsync("t", Numbered(10, 0, firstTimestamp: i * 10));
            }
        }

        var partition = dir.Combine("topics", "t", "0");
        var indexes = Directory.GetFiles(partition, "*.index").Order().ToArray();
        Assert.True(indexes.Length >= 3);
        File.Delete(indexes[0]);
        var corrupt = File.ReadAllBytes(indexes[1]);
        corrupt[20] ^= 0x55;
        File.WriteAllBytes(indexes[1], corrupt);

        await using (var log = OpenLog(dir.Path, o => o.SegmentBytes = 2048))
        {
            Assert.True(File.Exists(indexes[0]));
            var all = await log.ReadAllAsync("t", 0);
            Assert.Equal(Enumerable.Range(0, 300).Select(o => (long)o), all.Select(r => r.Offset));
            using var consumer = log.CreateConsumer("g");
            Assert.Equal(155, await consumer.OffsetForTimestampAsync(new TopicPartition("t", 0), 155));
        }
    }

    [Fact]
    public async Task A_crash_without_clean_shutdown_keeps_every_acknowledged_record()
    {
        using var dir = new TempDirectory("log");
        using var crashed = new TempDirectory("crashed");
        await using (var log = OpenLog(dir.Path, o => o.SegmentBytes = 4096))
        {
            using var producer = log.CreateProducer();
            for (var i = 0; i < 40; i++)
            {
                await producer.AppendAsync("t", Numbered(5, i % 2));
            }

            using var consumer = log.CreateConsumer("g");
            await consumer.CommitAsync([new TopicPartitionOffset("t", 0, 42)]);
            CopyWithoutLock(dir.Path, crashed.Path);
        }

        await using var reopened = OpenLog(crashed.Path, o => o.SegmentBytes = 4096);
        Assert.Equal(new WatermarkOffsets(0, 100), reopened.GetWatermarks(new TopicPartition("t", 0)));
        Assert.Equal(new WatermarkOffsets(0, 100), reopened.GetWatermarks(new TopicPartition("t", 1)));
        Assert.Equal(100, (await reopened.ReadAllAsync("t", 1)).Count);
        Assert.Equal(42, (await reopened.Admin.ListConsumerGroupOffsetsAsync("g"))[new TopicPartition("t", 0)]);
    }

    [Fact]
    public async Task Leftovers_of_interrupted_topic_creation_and_deletion_are_cleared()
    {
        using var dir = new TempDirectory("log");
        await using (var log = OpenLog(dir.Path))
        {
            await log.Admin.CreateTopicAsync(new TopicSpec("t", 1));
        }

        Directory.CreateDirectory(dir.Combine("staging", "half-made"));
        Directory.CreateDirectory(dir.Combine("trash", "half-deleted", "0"));

        await using var reopened = OpenLog(dir.Path);
        Assert.Equal(["t"], (await reopened.Admin.ListTopicsAsync()).Select(t => t.Name));
        Assert.False(Directory.Exists(dir.Combine("staging")));
        Assert.False(Directory.Exists(dir.Combine("trash")));
    }

    private static void CopyWithoutLock(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative == DirectoryLock.FileName)
            {
                continue;
            }

            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
