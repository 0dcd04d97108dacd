using System.Buffers.Binary;
using System.Text;
using Kappa.Contracts.Avro;
using Kappa.Contracts.Avro.Confluent;
using Kappa.Processor.Pipeline;
using Kappa.Processor.Tests.Events.Avro;
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

    private const string AvroSchemaText = """{"type":"record","name":"E","fields":[{"name":"k","type":"double"},{"name":"keep","type":"boolean"}]}""";

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
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

    [Theory]
    [InlineData(1)]
    [InlineData(1_000)]
    public async Task A_key_that_is_not_a_finite_number_is_dead_lettered_and_a_filtered_one_is_filtered(int maxPollRecords)
    {
        // Avro doubles may hold NaN and infinities, which no key spells; reading ahead must not stumble on them either.
        var schemas = new SchemaTable();
        schemas.Add(3, AvroSchemaText);
        await using var harness = await PipelineHarness.StartAsync("""
            view: v
            source: s
            format: avro
            filter: "keep"
            key: [k]
            window: { tumbling: 1h }
            aggregates: { n: count() }
            """, partitions: 1);
        harness.Schemas = schemas;
        await harness.AppendValuesAsync([
            (0, AvroFrame(3, 1, keep: true)), (0, AvroFrame(3, double.NaN, keep: false)), (0, AvroFrame(3, 2, keep: true)),
            (0, AvroFrame(3, double.PositiveInfinity, keep: true)), (0, AvroFrame(3, 3, keep: true)), (0, AvroFrame(3, 4, keep: true)),
        ]);

        var counters = await harness.RunUntilCaughtUpAsync(maxPollRecords);
        var dead = Assert.Single(await harness.ReadTopicAsync("s.dlq"));

        Assert.Equal(new TaskCounters(In: 6, Applied: 4, Filtered: 1, DeadLettered: 1, Late: 0), counters);
        Assert.Contains("key field 'k' is Infinity, not a finite number", Encoding.UTF8.GetString(dead.Headers.Single(h => h.Name == "kappa.error").Value.Span));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1_000)]
    public async Task Records_read_ahead_share_what_the_registry_said(int maxPollRecords)
    {
        // The registry does not know schema 4 when first asked, and does later: once a task was told an id is unknown, it
        // dead-letters every record of that id, whichever of its extractors reads the record.
        var table = new SchemaTable();
        table.Add(4, AvroSchemaText);
        var schemas = new UnknownOnce(table, id: 4);
        await using var harness = await PipelineHarness.StartAsync("""
            view: v
            source: s
            format: avro
            key: [k]
            window: { tumbling: 1h }
            aggregates: { n: count() }
            """, partitions: 1);
        harness.Schemas = schemas;
        await harness.AppendValuesAsync(Enumerable.Range(0, 9).Select(i => (0, AvroFrame(4, i, keep: true))));

        var counters = await harness.RunUntilCaughtUpAsync(maxPollRecords);

        Assert.Equal(new TaskCounters(In: 9, Applied: 0, Filtered: 0, DeadLettered: 9, Late: 0), counters);
        Assert.Equal(1, schemas.Lookups);
    }

    /// <summary>A Confluent-framed value of <see cref="AvroSchemaText"/>: magic byte, schema id, then the double and the boolean.</summary>
    private static byte[] AvroFrame(int schemaId, double k, bool keep)
    {
        var frame = new byte[1 + 4 + 8 + 1];
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), schemaId);
        BinaryPrimitives.WriteDoubleLittleEndian(frame.AsSpan(5), k);
        frame[13] = keep ? (byte)1 : (byte)0;
        return frame;
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

    /// <summary>A registry that says it does not know one id the first time it is asked, and answers from then on.</summary>
    private sealed class UnknownOnce(SchemaTable inner, int id) : ISchemaSource
    {
        private bool _answered;

        public int Lookups { get; private set; }

        public ValueTask<AvroSchema> GetSchemaAsync(int schemaId, CancellationToken cancellationToken = default)
        {
            Lookups++;
            if (schemaId == id && !_answered)
            {
                _answered = true;
                throw new UnknownSchemaException(schemaId);
            }

            return inner.GetSchemaAsync(schemaId, cancellationToken);
        }

        public ValueTask<AvroSchema?> FindLatestAsync(string subject, CancellationToken cancellationToken = default) =>
            inner.FindLatestAsync(subject, cancellationToken);
    }
}
