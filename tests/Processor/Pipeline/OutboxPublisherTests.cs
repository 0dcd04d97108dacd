using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Kappa.Processor.Pipeline;
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
    private const string Yaml = """
        view: by_key
        source: clicks
        time: { field: ts, max-disorder: 1h, grace: 1h }
        key: [k]
        window: { tumbling: 1h }
        aggregates: { n: count() }
        """;

    [Fact]
    public async Task A_commit_of_more_rows_than_one_append_holds_is_published_whole_and_in_order()
    {
        var rows = (OutboxPublisher.MaxRecordsPerAppend * 2) + 100;
        await using var harness = await PipelineHarness.StartAsync(Yaml, partitions: 1);
        var ten = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
        await harness.AppendAsync(Enumerable.Range(0, rows).Select(i =>
            (0, (string?)null, $$"""{"k":"k{{i:D5}}","ts":"{{ten.AddMilliseconds(i).ToString("O", CultureInfo.InvariantCulture)}}"}""", 0L)));
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
        var ten = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
        var events = Enumerable.Range(0, rows).Select(i => (Key: $"k{i:D5}", At: ten.AddMilliseconds(i)))
            .Concat(Enumerable.Range(0, rows).Select(i => (Key: $"k{i:D5}", At: ten.AddMinutes(30).AddMilliseconds(i))))
            .Append((Key: "closer", At: ten.AddHours(1).AddSeconds(1)));
        await harness.AppendAsync(events.Select(e =>
            (0, (string?)null, $$"""{"k":"{{e.Key}}","ts":"{{e.At.ToString("O", CultureInfo.InvariantCulture)}}"}""", 0L)));

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
}
