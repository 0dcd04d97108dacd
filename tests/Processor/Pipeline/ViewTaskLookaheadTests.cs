using System.Text;
using Kappa.Processor.Pipeline;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

/// <summary>
/// A task reads fields two records ahead of the record it processes (ViewTask.Lookahead.cs). One record a poll is the
/// baseline: nothing is ever read ahead then. Every other poll size must give the same view, the same counters and the
/// same dead letters in the same order, whatever the records read ahead hold.
/// </summary>
public sealed class ViewTaskLookaheadTests
{
    private const string Definition = """
        view: totals
        source: payments
        time: { field: ts, max-disorder: 1h }
        key: [account]
        window: { tumbling: 1h }
        aggregates: { n: count(), total: sum(amount) }
        """;

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(1_000)]
    public async Task Reading_ahead_changes_nothing_a_record_does(int maxPollRecords)
    {
        var events = Events();
        var (baseView, baseCounters, baseDead) = await RunAsync(events, maxPollRecords: 1);
        var (view, counters, dead) = await RunAsync(events, maxPollRecords);

        Assert.Equal(baseCounters, counters);
        Assert.Equal(baseDead, dead);
        Assert.Equal(baseView, view);

        // The baseline itself is what the records say: escaped keys unescaped, bad records and late ones set apart.
        Assert.Equal(new TaskCounters(In: events.Count, Applied: 40, Filtered: 0, DeadLettered: 11, Late: 5), baseCounters);
        Assert.Contains(baseView, row => row.Key.Key == "a\"1");
        Assert.Contains(baseView, row => row.Key.Key == "b\\2");
        Assert.Contains(baseView, row => row.Key.Key == "cé3");
        Assert.Equal(11, baseDead.Count);
    }

    /// <summary>
    /// Forty good records over four keys (three spelled with JSON escapes, whose text the extractor unescapes into its own
    /// buffer) and ten hours, with a bad record after every fifth good one (the last of them, of an hour already closed,
    /// is late before its bad amount is seen), and records that are not JSON objects and late records at the end.
    /// </summary>
    private static List<(int Partition, string? Key, string Json, long Timestamp)> Events()
    {
        string[] accounts = [@"a\""1", @"b\\2", @"c\u00e93", "d4"];
        string[] bad =
        [
            """{"account":"a","amount":"five","ts":"2026-01-01T10:00:00Z"}""",
            """{"account":"a","amount":5,"ts":"not a time"}""",
            """{"amount":5,"ts":"2026-01-01T10:00:00Z"}""",
            """{"account":""",
        ];
        var events = new List<(int, string?, string, long)>();
        for (var i = 0; i < 40; i++)
        {
            var hour = 10 + (i / 4);
            events.Add((0, null, $$"""{"account":"{{accounts[i % 4]}}","amount":{{i}}.5{{i % 3}},"ts":"2026-01-01T{{hour:00}}:{{i:00}}:00Z"}""", 0));
            if (i % 5 == 4)
            {
                events.Add((0, null, bad[i / 5 % bad.Length], 0));
            }
        }

        // Values that are not JSON objects, then records of an hour the watermark closed long ago.
        events.Add((0, null, "not json", 0));
        events.Add((0, null, "\u0000", 0));
        events.Add((0, null, "[]", 0));
        events.Add((0, null, "{", 0));
        for (var i = 0; i < 4; i++)
        {
            events.Add((0, null, $$"""{"account":"{{accounts[i]}}","amount":1,"ts":"2026-01-01T10:00:00Z"}""", 0));
        }

        return events;
    }

    private static async Task<(Dictionary<(string Key, DateTimeOffset Start), string> View, TaskCounters Counters, List<string> Dead)> RunAsync(
        List<(int Partition, string? Key, string Json, long Timestamp)> events,
        int maxPollRecords)
    {
        await using var harness = await PipelineHarness.StartAsync(Definition, partitions: 1);
        await harness.AppendAsync(events);
        var counters = await harness.RunUntilCaughtUpAsync(maxPollRecords);
        var dead = (await harness.ReadTopicAsync("payments.dlq"))
            .Select(d => Encoding.UTF8.GetString(d.Headers.Single(h => h.Name == "kappa.error").Value.Span)
                + " @" + Encoding.UTF8.GetString(d.Headers.Single(h => h.Name == "kappa.source.offset").Value.Span))
            .ToList();
        return (await harness.ReadViewAsync(), counters, dead);
    }
}
