using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using Kappa.Contracts.Views;
using Kappa.Log.Abstractions;
using Kappa.Processor.Pipeline;
using Kappa.Processor.Windows;
using Kappa.Processor.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

/// <summary>
/// Publishing a commit larger than one append: its records go out in appends of at most
/// <see cref="OutboxPublisher.MaxRecordsPerAppend"/>, still in outbox order, none lost or repeated, and only the
/// commit's last changelog record carries the commit's telemetry headers.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OutboxPublisherTests
{
    private const string Yaml = KeyedEvents.Yaml;

    [Fact]
    public async Task A_commit_of_more_rows_than_one_append_holds_is_published_whole_and_in_order()
    {
        var rows = (OutboxPublisher.MaxRecordsPerAppend * 2) + 100;
        await using var harness = await PipelineHarness.StartAsync(Yaml, partitions: 1);
        await harness.AppendAsync(KeyedEvents.OnePerKey(rows, KeyedEvents.Ten));
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();

        // One poll takes every event, so one commit holds every row.
        var counters = await harness.RunUntilCaughtUpAsync(maxPollRecords: rows, metrics: new ProcessorMetrics(services.GetRequiredService<IMeterFactory>()));

        Assert.Equal(new TaskCounters(rows, rows, 0, 0, 0), counters);
        var changelog = await harness.ReadTopicAsync(harness.View.ChangelogTopic(1));
        var keys = changelog.Select(r => Encoding.UTF8.GetString(OutboxPublisher.GroupKeyOf(r.Key.AsSpan()[..^sizeof(int)]))).ToList();
        Assert.Equal(Enumerable.Range(0, rows).Select(i => $"k{i:D5}"), keys);
        var stamped = changelog.Select((r, i) => (r, i)).Where(x => x.r.Headers.Any(h => h.Name == ChangelogHeaders.SourceTime)).Select(x => x.i);
        Assert.Equal([rows - 1], stamped);
    }

    [Fact]
    public async Task Rows_a_commit_closes_are_published_from_their_staged_states_in_order_across_appends()
    {
        // On close: every row is published only from the closed rows the commit stages, one record for them all.
        var rows = OutboxPublisher.MaxRecordsPerAppend + 500;
        await using var harness = await PipelineHarness.StartAsync(Yaml.Replace("max-disorder: 1h, grace: 1h", "max-disorder: 0s, grace: 0s", StringComparison.Ordinal) + "\nemit: on-close\n", partitions: 1);
        await harness.AppendAsync(KeyedEvents.OnePerKey(rows, KeyedEvents.Ten)
            .Concat(KeyedEvents.OnePerKey(rows, KeyedEvents.Ten.AddMinutes(30)))
            .Append(KeyedEvents.Event("closer", KeyedEvents.Ten.AddHours(1).AddSeconds(1))));

        var counters = await harness.RunUntilCaughtUpAsync(maxPollRecords: (2 * rows) + 1);

        Assert.Equal(new TaskCounters((2 * rows) + 1, (2 * rows) + 1, 0, 0, 0), counters);
        var changelog = await harness.ReadTopicAsync(harness.View.ChangelogTopic(1));
        var keys = changelog.Select(r => Encoding.UTF8.GetString(OutboxPublisher.GroupKeyOf(r.Key.AsSpan()[..^sizeof(int)]))).ToList();
        Assert.Equal(Enumerable.Range(0, rows).Select(i => $"k{i:D5}"), keys);
        Assert.All(changelog, r => Assert.Contains("\"n\":2", Encoding.UTF8.GetString(r.Value!), StringComparison.Ordinal));
        var view = await harness.ReadViewAsync();
        Assert.Equal(rows, view.Count);
        Assert.All(view.Values, v => Assert.Equal("""{"n":2}""", v));
    }

    [Fact]
    public async Task An_outbox_goes_out_in_bounded_appends_in_order_with_dead_letters_in_their_own_topic()
    {
        var view = ViewCompiler.CompileText(Yaml, "test.yaml")[0];
        var rows = new Dictionary<string, RowState>();
        byte[] Key(string name, RowState row)
        {
            var key = RowKey.Encode(Encoding.UTF8.GetBytes(name), row.Window.Start);
            rows[Convert.ToHexString(key)] = row;
            return key;
        }

        RowState Row(int minutes) => RowState.Create(new Window(minutes * 60_000L, (minutes * 60_000L) + 3_600_000), view.Aggregates);
        var referenced = Enumerable.Range(0, 5_000).Select(i => Key($"open{i:D5}", Row(i % 60))).ToList();
        var closing = new ArrayBufferWriter<byte>();
        var closedNames = Enumerable.Range(0, 3_000).Select(i => $"closed{i:D5}").ToList();
        foreach (var name in closedNames)
        {
            OutboxRecord.AppendClosedRow(closing, RowKey.Encode(Encoding.UTF8.GetBytes(name), 0), Row(0));
        }

        var dead = new OutboxRecord(1, OutboxDestination.DeadLetters, 0, 5, "k"u8.ToArray(), new byte[600_000], []);
        var tail = Enumerable.Range(0, 10).Select(i => Key($"tail{i}", Row(0))).ToList();
        OutboxRecord[] outbox =
        [
            OutboxRecord.StagedRows(0, OutboxDestination.ClosedRows, 0, closing.WrittenSpan),
            dead,
            OutboxRecord.StagedRows(2, OutboxDestination.ChangelogRows, 0, References(referenced)),
            dead with { Sequence = 3 },
            OutboxRecord.StagedRows(4, OutboxDestination.ChangelogRows, 0, References(tail)),
            dead with { Sequence = 5 },
        ];
        var publisher = new OutboxPublisher(view, "changelog", 0, 0, key => rows[Convert.ToHexString(key)], state => RowState.Read(state, view.Aggregates));
        var producer = new RecordingProducer();

        await publisher.PublishAsync(producer, outbox, CancellationToken.None);

        var changelog = producer.Appends.Where(a => a.Topic == "changelog").ToList();
        Assert.All(changelog, a => Assert.InRange(a.Keys.Count, 1, OutboxPublisher.MaxRecordsPerAppend));
        Assert.All(changelog, a => Assert.True(a.Bytes <= OutboxPublisher.MaxBytesPerAppend + 1_000, $"{a.Bytes} bytes in one append"));
        Assert.Equal(
            closedNames.Concat(Enumerable.Range(0, 5_000).Select(i => $"open{i:D5}")).Concat(Enumerable.Range(0, 10).Select(i => $"tail{i}")),
            changelog.SelectMany(a => a.Keys));
        Assert.Equal([OutboxPublisher.MaxRecordsPerAppend, 8_010 - OutboxPublisher.MaxRecordsPerAppend], changelog.Select(a => a.Keys.Count));

        // The dead letters, 600,000 bytes each: an append closes once past the byte bound.
        var letters = producer.Appends.Where(a => a.Topic == view.DeadLetterTopic).ToList();
        Assert.Equal([2, 1], letters.Select(a => a.Keys.Count));
    }

    private static byte[] References(IEnumerable<byte[]> rowKeys)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var key in rowKeys)
        {
            OutboxRecord.AppendRowReference(output, key);
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>Records each append's topic, group keys and key plus value bytes; acknowledges everything.</summary>
    private sealed class RecordingProducer : ILogProducer
    {
        public List<(string Topic, List<string> Keys, long Bytes)> Appends { get; } = [];

        public ValueTask<AppendResult> AppendAsync(string topic, ReadOnlyMemory<ProducerRecord> records, CancellationToken cancellationToken = default)
        {
            var keys = new List<string>();
            var bytes = 0L;
            foreach (var record in records.Span)
            {
                var key = record.Key!.Value.Span;
                keys.Add(key.Length > sizeof(int) && key[0] != (byte)'k'
                    ? Encoding.UTF8.GetString(OutboxPublisher.GroupKeyOf(key[..^sizeof(int)]))
                    : Encoding.UTF8.GetString(key));
                bytes += key.Length + (record.Value?.Length ?? 0);
            }

            Appends.Add((topic, keys, bytes));
            return ValueTask.FromResult(new AppendResult(topic, new int[records.Length], new long[records.Length]));
        }

        public void Dispose()
        {
        }
    }
}
