using Kappa.Contracts.Definitions;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Kappa.Log.Abstractions;
using Kappa.Processor.Pipeline;
using NodaTime;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

/// <summary>
/// The pipeline against a batch oracle: for random events spread over several partitions (so one key's
/// rows are built from several tasks' partials), the merged view equals a LINQ GROUP BY, and every input
/// record is accounted for exactly once.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ViewTaskTests
{
    private static readonly DateTimeOffset Day = DateTimeOffset.Parse("2026-03-28T20:00:00Z", CultureInfo.InvariantCulture);
    private static readonly string[] Regions = ["EU", "US", "APAC", "LATAM"];

    // The events span 2026-03-28 20:00Z to 2026-03-30 02:00Z: Europe's spring-forward night. Lord Howe and
    // New York are not switching then, but their offsets (+10:30/+11, -4) move every window boundary.
    public static TheoryData<string, string, Func<long, long[]>> Windows => new()
    {
        { "tumbling: 1h", "UTC", t => [Floor(t, 3_600_000)] },
        { "hopping: { size: 2h, advance: 1h }", "UTC", t => [Floor(t, 3_600_000) - 3_600_000, Floor(t, 3_600_000)] },
        { "calendar: day", "Europe/Berlin", t => LocalPeriodStart(t, "Europe/Berlin", CalendarUnit.Day) },
        { "calendar: hour", "Europe/Berlin", t => LocalPeriodStart(t, "Europe/Berlin", CalendarUnit.Hour) },
        { "calendar: day", "America/New_York", t => LocalPeriodStart(t, "America/New_York", CalendarUnit.Day) },
        { "calendar: day", "Australia/Lord_Howe", t => LocalPeriodStart(t, "Australia/Lord_Howe", CalendarUnit.Day) },
        { "calendar: week", "Australia/Lord_Howe", t => LocalPeriodStart(t, "Australia/Lord_Howe", CalendarUnit.Week) },
        { "calendar: month", "America/New_York", t => LocalPeriodStart(t, "America/New_York", CalendarUnit.Month) },
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public void The_view_equals_a_batch_group_by_for_random_events(string window, string zone, Func<long, long[]> oracleWindows)
    {
        Prop.ForAll(Arb.From(Gen.Choose(1, int.MaxValue)), seed =>
        {
            RunAndCompareAsync(window, zone, oracleWindows, seed).GetAwaiter().GetResult();
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(4));
    }

    [Fact]
    public async Task Partitions_added_to_the_source_after_its_changelog_publish_to_existing_changelog_partitions()
    {
        var view = ViewCompiler.CompileText("""
            view: by_region
            source: orders
            time: { field: ts, max-disorder: 1h, grace: 1d }
            key: [region]
            window: { tumbling: 1h }
            aggregates: { n: count(), total: sum(amount) }
            """, "test.yaml")[0];
        await using var harness = await PipelineHarness.StartAsync(view, partitions: 5, changelogPartitions: 2);
        var events = Enumerable.Range(0, 200)
            .Select(i => (Partition: i % 5, Region: $"r{i % 3}", Amount: i, Minute: i % 90))
            .ToList();
        var ten = new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);
        await harness.AppendAsync(events.Select(e => (e.Partition, (string?)null, $$"""{"region":"{{e.Region}}","amount":{{e.Amount}},"ts":"{{ten.AddMinutes(e.Minute).ToString("O", CultureInfo.InvariantCulture)}}"}""", 0L)));

        var counters = await harness.RunUntilCaughtUpAsync();

        Assert.Equal(new TaskCounters(200, 200, 0, 0, 0), counters);
        var changelog = await harness.Log.Admin.DescribeTopicAsync(view.ChangelogTopic(1));
        Assert.Equal(2, changelog!.Partitions);
        var expected = events
            .GroupBy(e => (e.Region, Hour: e.Minute / 60))
            .ToDictionary(g => (g.Key.Region, ten.AddHours(g.Key.Hour)), g => $$"""{"n":{{g.Count()}},"total":{{g.Sum(e => e.Amount)}}}""");
        Assert.Equal(expected.OrderBy(p => p.Key), (await harness.ReadViewAsync()).OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Late_records_go_to_the_late_topic_with_their_window_and_the_watermark()
    {
        await using var harness = await PipelineHarness.StartAsync("""
            view: hourly
            source: clicks
            time: { field: ts, max-disorder: 0s, grace: 0s }
            window: { tumbling: 1h }
            aggregates: { clicks: count() }
            """, partitions: 1);
        await harness.AppendAsync([
            (0, "a", """{"ts":"2026-01-01T10:00:00Z"}""", 0),
            (0, "a", """{"ts":"2026-01-01T12:00:00Z"}""", 0),
            (0, "a", """{"ts":"2026-01-01T10:30:00Z"}""", 0),
            (0, "a", """{"ts":"2026-01-01T12:10:00Z"}""", 0),
        ]);

        var counters = await harness.RunUntilCaughtUpAsync();
        var late = Assert.Single(await harness.ReadTopicAsync("clicks.late"));
        var headers = late.Headers.ToDictionary(h => h.Name, h => System.Text.Encoding.UTF8.GetString(h.Value.Span));

        Assert.Equal(new TaskCounters(4, 3, 0, 0, 1), counters);
        Assert.Contains("10:30", System.Text.Encoding.UTF8.GetString(late.Value!));
        Assert.Equal("hourly", headers["kappa.view"]);
        Assert.Equal("2026-01-01T10:00:00.0000000+00:00", headers["kappa.window.start"]);
        Assert.Equal("2026-01-01T12:00:00.0000000+00:00", headers["kappa.watermark"]);
        var view = await harness.ReadViewAsync();
        Assert.Equal("""{"clicks":1}""", view[("a", DateTimeOffset.Parse("2026-01-01T10:00:00Z", CultureInfo.InvariantCulture))]);
        Assert.Equal("""{"clicks":2}""", view[("a", DateTimeOffset.Parse("2026-01-01T12:00:00Z", CultureInfo.InvariantCulture))]);
    }

    [Fact]
    public async Task Bad_input_goes_to_the_dead_letter_topic_with_its_reason_and_origin()
    {
        await using var harness = await PipelineHarness.StartAsync("""
            view: totals
            source: payments
            time: { field: ts, max-disorder: 1h }
            key: [account]
            window: { tumbling: 1d }
            aggregates: { n: count(), total: sum(amount) }
            """, partitions: 1);
        await harness.AppendAsync([
            (0, null, """{"account":"a","amount":5,"ts":"2026-01-01T10:00:00Z"}""", 0),
            (0, null, """{"account":"a","amount":"five","ts":"2026-01-01T10:00:00Z"}""", 0),
            (0, null, """{"account":"a","amount":5,"ts":"not a time"}""", 0),
            (0, null, """{"amount":5,"ts":"2026-01-01T10:00:00Z"}""", 0),
            (0, null, """{"account":""", 0),
        ]);

        var counters = await harness.RunUntilCaughtUpAsync();
        var dead = await harness.ReadTopicAsync("payments.dlq");
        var errors = dead.Select(d => System.Text.Encoding.UTF8.GetString(d.Headers.Single(h => h.Name == "kappa.error").Value.Span)).ToList();

        Assert.Equal(new TaskCounters(5, 1, 0, 4, 0), counters);
        Assert.Contains("expected a number", errors[0]);
        Assert.Contains("field 'ts'", errors[1]);
        Assert.Contains("key field 'account' is missing", errors[2]);
        Assert.Contains("not a JSON object", errors[3]);
        Assert.All(dead, d => Assert.Contains(d.Headers, h => h.Name == "kappa.source.offset"));
        Assert.Equal("""{"n":1,"total":5}""", Assert.Single((await harness.ReadViewAsync()).Values));
    }

    [Fact]
    public async Task A_dead_letter_keeps_a_null_key_and_a_null_value_null()
    {
        await using var harness = await PipelineHarness.StartAsync("""
            view: counts
            source: things
            window: { tumbling: 1h }
            aggregates: { n: count() }
            """, partitions: 1);
        using (var producer = harness.Log.CreateProducer())
        {
            await producer.AppendAsync("things", new[] { new Log.Abstractions.ProducerRecord(null, null, 1_000, 0) });
        }

        await harness.RunUntilCaughtUpAsync();
        var dead = Assert.Single(await harness.ReadTopicAsync("things.dlq"));

        Assert.Null(dead.Key);
        Assert.Null(dead.Value);
        Assert.DoesNotContain(dead.Headers, h => h.Name == "kappa.time");
    }

    [Fact]
    public async Task After_a_crash_between_publishing_and_forgetting_the_outbox_each_dead_letter_appears_once()
    {
        await using var harness = await PipelineHarness.StartAsync("""
            view: counts
            source: things
            window: { tumbling: 1h }
            aggregates: { n: count() }
            """, partitions: 1);
        await harness.AppendAsync([(0, "a", "not json", 1_000)]);
        await harness.RunUntilCaughtUpAsync();
        var published = Assert.Single(await harness.ReadTopicAsync("things.dlq"));
        var identity = Encoding.UTF8.GetString(published.Headers.Single(h => h.Name == RejectionLedger.HeaderName).Value.Span);

        // The crash: the published dead letter is still in the outbox, with marks from before it was published,
        // and a second one never reached the topic.
        using (var store = TaskStore.Open(harness.TaskDirectory(0), harness.View.Aggregates))
        {
            var meta = store.ReadMeta();
            var headers = published.Headers.ToList();
            var encoded = new byte[RecordHeaders.EncodedLength(headers)];
            RecordHeaders.Encode(headers, encoded);
            Assert.Equal("counts.v1[0]@0", identity);
            var again = new OutboxRecord(meta.NextSequence - 1, OutboxDestination.DeadLetters, 0, 1_000, published.Key, published.Value, encoded);
            var neverSent = again with { Sequence = meta.NextSequence, Headers = Encode(RejectionLedger.HeaderName, "counts.v1[0]@7") };
            var marks = new byte[8 + (8 * 4)];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(marks, 4);
            store.Commit(meta with { NextSequence = meta.NextSequence + 1 }, [], [], [again, neverSent], marks);
        }

        await harness.AppendAsync([(0, "a", "{}", 2_000)]);
        await harness.RunUntilCaughtUpAsync();

        var dead = await harness.ReadTopicAsync("things.dlq");
        Assert.Equal(2, dead.Count);
        Assert.Single(dead, d => d.Headers.Any(h => h.Name == RejectionLedger.HeaderName && Encoding.UTF8.GetString(h.Value.Span) == identity));
    }

    private static byte[] Encode(string name, string value)
    {
        RecordHeader[] headers = [new(name, Encoding.UTF8.GetBytes(value))];
        var encoded = new byte[RecordHeaders.EncodedLength(headers)];
        RecordHeaders.Encode(headers, encoded);
        return encoded;
    }

    [Fact]
    public async Task A_task_refuses_to_resume_on_a_log_that_lost_its_position()
    {
        await using var harness = await PipelineHarness.StartAsync("""
            view: counts
            source: things
            window: { tumbling: 1h }
            aggregates: { n: count() }
            """, partitions: 1);
        await harness.AppendAsync([(0, "a", "{}", 1_000), (0, "a", "{}", 2_000), (0, "a", "{}", 3_000)]);
        await harness.RunUntilCaughtUpAsync();

        // The topic is recreated under the view: offset 3, where the view would resume, no longer exists.
        await harness.Log.Admin.DeleteTopicAsync("things");
        await harness.Log.Admin.CreateTopicAsync(new Log.Abstractions.TopicSpec("things", 1));
        await harness.AppendAsync([(0, "a", "{}", 4_000)]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.RunUntilCaughtUpAsync());
        Assert.Contains("cannot resume things[0] at offset 3", error.Message);
    }

    [Fact]
    public async Task On_close_views_publish_only_final_rows()
    {
        await using var harness = await PipelineHarness.StartAsync("""
            view: final
            source: readings
            time: { field: ts, max-disorder: 10m, grace: 5m }
            window: { tumbling: 1h }
            aggregates: { n: count() }
            emit: on-close
            """, partitions: 1);
        await harness.AppendAsync([
            (0, "s", """{"ts":"2026-01-01T10:10:00Z"}""", 0),
            (0, "s", """{"ts":"2026-01-01T10:50:00Z"}""", 0),
            (0, "s", """{"ts":"2026-01-01T11:14:59Z"}""", 0),
        ]);
        await harness.RunUntilCaughtUpAsync();
        Assert.Empty(await harness.ReadViewAsync());

        await harness.AppendAsync([(0, "s", """{"ts":"2026-01-01T11:15:00Z"}""", 0)]);
        await harness.RunUntilCaughtUpAsync();

        var view = await harness.ReadViewAsync();
        Assert.Equal("""{"n":2}""", Assert.Single(view).Value);
        Assert.Single(await harness.ReadTopicAsync("_kappa.view.final.v1"));
    }

    private static async Task RunAndCompareAsync(string window, string zone, Func<long, long[]> oracleWindows, int seed)
    {
        var random = new Random(seed);
        var events = Enumerable.Range(0, 400).Select(_ => RandomEvent(random)).ToList();
        await using var harness = await PipelineHarness.StartAsync($$"""
            view: revenue
            source: orders
            time: { field: ts, timezone: {{zone}}, max-disorder: 2d }
            filter: "status == 'paid'"
            key: [region]
            window: { {{window}} }
            aggregates: { orders: count(), revenue: sum(amount) }
            """);

        // Two rounds with a restart in between: resuming must neither lose nor double count.
        var half = events.Count / 2;
        await harness.AppendAsync(events.Take(half).Select(e => (random.Next(3), (string?)null, e.Json, 0L)));
        await harness.RunUntilCaughtUpAsync(maxPollRecords: random.Next(1, 100));
        await harness.AppendAsync(events.Skip(half).Select(e => (random.Next(3), (string?)null, e.Json, 0L)));
        var counters = await harness.RunUntilCaughtUpAsync(maxPollRecords: random.Next(1, 100));

        var paid = events.Where(e => e.Status == "paid").ToList();
        var good = paid.Where(e => e.Amount is not null).ToList();
        var expected = good
            .SelectMany(e => oracleWindows(e.Time).Select(w => (e.Region, Start: DateTimeOffset.FromUnixTimeMilliseconds(w), e.Amount!.Value)))
            .GroupBy(x => (x.Region, x.Start))
            .ToDictionary(g => g.Key, g => JsonSerializer.Serialize(new { orders = g.Count(), revenue = WithoutTrailingZeros(g.Sum(x => x.Value)) }));
        var actual = (await harness.ReadViewAsync()).ToDictionary(p => p.Key, p => Normalize(p.Value));

        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
        Assert.Equal(new TaskCounters(events.Count, good.Count, events.Count - paid.Count, paid.Count - good.Count, 0), counters);
    }

    private static string Normalize(string values)
    {
        using var document = JsonDocument.Parse(values);
        return JsonSerializer.Serialize(new { orders = document.RootElement.GetProperty("orders").GetInt32(), revenue = WithoutTrailingZeros(document.RootElement.GetProperty("revenue").GetDecimal()) });
    }

    // Kappa writes decimals without trailing zeros (1.50 + 1.50 is 3); the oracle's sums keep them.
    private static decimal WithoutTrailingZeros(decimal value) => value / 1.0000000000000000000000000000m;

    private static Event RandomEvent(Random random)
    {
        var time = Day.ToUnixTimeMilliseconds() + random.NextInt64(30 * 3_600_000);
        var region = Regions[random.Next(Regions.Length)];
        var status = random.Next(4) == 0 ? "refunded" : "paid";
        decimal? amount = random.Next(20) == 0 ? null : Math.Round((decimal)random.NextDouble() * 1000, random.Next(0, 4));
        var amountJson = amount is null ? "\"n/a\"" : amount.Value.ToString(CultureInfo.InvariantCulture);
        var ts = DateTimeOffset.FromUnixTimeMilliseconds(time).ToString("O", CultureInfo.InvariantCulture);
        return new Event(region, status, amount, time, $$"""{"region":"{{region}}","status":"{{status}}","amount":{{amountJson}},"ts":"{{ts}}"}""");
    }

    private static long Floor(long t, long size) => t - (((t % size) + size) % size);

    /// <summary>
    /// The oracle's calendar: the instant the local period holding <paramref name="t"/> starts, written
    /// independently of the window library (local date arithmetic, then the zone's start of day). An hour is
    /// the local hour at the event's own offset, so a repeated local hour is two windows.
    /// </summary>
    private static long[] LocalPeriodStart(long t, string zoneId, CalendarUnit unit)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var local = Instant.FromUnixTimeMilliseconds(t).InZone(zone);
        var date = local.Date;
        var start = unit switch
        {
            CalendarUnit.Hour => local.ToInstant() - Duration.FromMinutes(local.Minute) - Duration.FromSeconds(local.Second) - Duration.FromMilliseconds(local.Millisecond),
            CalendarUnit.Day => zone.AtStartOfDay(date).ToInstant(),
            CalendarUnit.Week => zone.AtStartOfDay(date.PlusDays(-((int)date.DayOfWeek - 1))).ToInstant(),
            _ => zone.AtStartOfDay(new LocalDate(date.Year, date.Month, 1)).ToInstant(),
        };
        return [start.ToUnixTimeMilliseconds()];
    }

    private sealed record Event(string Region, string Status, decimal? Amount, long Time, string Json);
}
