using Kappa.Log.Abstractions;
using Kappa.Processor.Hosting;
using Kappa.Processor.Pipeline;
using Xunit;

namespace Kappa.Processor.Tests.Hosting;

public sealed class ProgressTopicTests
{
    [Theory]
    [InlineData("orders_by_region", 1, 0, false)]
    [InlineData("a.v2.b", 12, 7, true)]
    public void A_progress_record_reads_back_as_written(string view, int version, int partition, bool finished)
    {
        var progress = new TaskProgress(new TaskCounters(100, 90, 5, 3, 2), 100, 1_790_000_000_000, finished);
        var record = ProgressTopic.ToRecord(view, version, partition, progress, 1_790_000_060_000);

        Assert.True(ProgressTopic.TryRead(AsLogRecord(record), out var readView, out var readVersion, out var readPartition, out var read));
        Assert.Equal((view, version, partition, progress), (readView, readVersion, readPartition, read));
        Assert.Equal(1_790_000_060_000, record.Timestamp);
    }

    [Theory]
    [InlineData("no-brackets", 57)]
    [InlineData("view.vX[0]", 57)]
    [InlineData("view.v1[0]", 12)]
    public void A_record_it_cannot_read_is_refused_not_thrown(string key, int valueLength)
    {
        var value = new byte[valueLength];
        value[0] = 1;
        var record = new LogRecord(ProgressTopic.Name, 0, 0, 0, System.Text.Encoding.UTF8.GetBytes(key), value, default);

        Assert.False(ProgressTopic.TryRead(record, out _, out _, out _, out _));
    }

    [Fact]
    public void Absorbed_progress_never_goes_back()
    {
        var status = new ProcessorStatus();
        status.Report("v", 1, 0, new TaskProgress(new TaskCounters(10, 10, 0, 0, 0), 10, 0));
        status.Absorb("v", 1, 0, new TaskProgress(new TaskCounters(4, 4, 0, 0, 0), 4, 0));
        status.Absorb("v", 1, 1, new TaskProgress(new TaskCounters(7, 6, 0, 1, 0), 7, 0));

        Assert.Equal(new TaskCounters(17, 16, 0, 1, 0), status.Counters("v", 1));
    }

    private static LogRecord AsLogRecord(ProducerRecord record) =>
        new(ProgressTopic.Name, 0, 0, record.Timestamp, record.Key, record.Value, default);
}
