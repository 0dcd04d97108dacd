using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kappa.Contracts.Avro;
using Kappa.Contracts.Avro.Confluent;
using Kappa.Contracts.Events;
using Kappa.Processor.Hosting;
using Kappa.Processor.Pipeline;
using Kappa.Processor.Tests.Events.Avro;
using Kappa.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

/// <summary>
/// A view over Avro values computes exactly what the same view computes over the same events as JSON: same rows, same
/// counters, bad values dead-lettered alike. The events are the order contract (<c>src/Contracts/Events/Order.avsc</c>).
/// </summary>
[Trait("Category", "Integration")]
public sealed class AvroViewTests
{
    private const string Definition = """
        view: orders_by_customer_daily
        source: orders
        time: { field: ts, timezone: Europe/Berlin, max-disorder: 30m, grace: 1h }
        filter: "status != 'CANCELLED' && amount > 0"
        key: [customer]
        window: { calendar: day }
        aggregates:
          orders: count()
          revenue: sum(amount)
          avg_amount: avg(amount)
          biggest: max(amount)
          currencies: count_distinct(currency)
          first_status: first(status)
          top_amounts: top(amount, 3)
          last_items: last(items)
        """;

    [Fact]
    public async Task An_avro_view_equals_the_same_json_view_over_the_same_events()
    {
        var schemas = new SchemaTable();
        schemas.Add(3, Order.SchemaJson);
        var events = Events(seed: 11, count: 2_000);

        await using var json = await PipelineHarness.StartAsync(Definition, partitions: 3);
        await json.AppendValuesAsync([.. events.Select(e => (e.Partition, Encoding.UTF8.GetBytes(e.Json))), (1, "{\"customer\":"u8.ToArray())]);
        var jsonCounters = await json.RunUntilCaughtUpAsync(maxPollRecords: 97);

        await using var avro = await PipelineHarness.StartAsync(Definition.Replace("source: orders", "source: orders\nformat: avro", StringComparison.Ordinal), partitions: 3);
        avro.Schemas = schemas;
        var corrupt = schemas.Encode(3, events[0].Json)[..^3];
        await avro.AppendValuesAsync([.. events.Select(e => (e.Partition, schemas.Encode(3, e.Json))), (1, corrupt)]);
        var avroCounters = await avro.RunUntilCaughtUpAsync(maxPollRecords: 97);

        Assert.Equal(jsonCounters, avroCounters);
        Assert.Equal(1, avroCounters.DeadLettered);
        Assert.True(avroCounters.Applied > 1_000 && avroCounters.Filtered > 0 && avroCounters.Late > 0, avroCounters.ToString());
        Assert.Equal(await json.ReadViewAsync(), await avro.ReadViewAsync());
        Assert.Equal(await json.HashViewAsync(), await avro.HashViewAsync());
        var dead = Assert.Single(await avro.ReadTopicAsync("orders.dlq"));
        Assert.Equal(corrupt, dead.Value);
        Assert.StartsWith(
            "the value is not valid Avro of schema 3 (kappa.examples.Order): unexpected end of input",
            Encoding.UTF8.GetString(dead.Headers.Single(h => h.Name == "kappa.error").Value.Span),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_field_the_writer_schema_lacks_dead_letters_the_value_with_the_reason()
    {
        var schemas = new SchemaTable();
        schemas.Add(3, Order.SchemaJson);
        await using var avro = await PipelineHarness.StartAsync("""
            view: by_region
            source: orders
            format: avro
            key: [region]
            window: { tumbling: 1h }
            aggregates: { n: count() }
            """, partitions: 1);
        avro.Schemas = schemas;
        await avro.AppendValuesAsync([(0, schemas.Encode(3, Events(seed: 1, count: 1)[0].Json))]);

        var counters = await avro.RunUntilCaughtUpAsync();

        Assert.Equal(new TaskCounters(1, 0, 0, 1, 0), counters);
        var dead = Assert.Single(await avro.ReadTopicAsync("orders.dlq"));
        Assert.Equal(
            "schema 3 (kappa.examples.Order) has no field 'region', which the view reads",
            Encoding.UTF8.GetString(dead.Headers.Single(h => h.Name == "kappa.error").Value.Span));
    }

    [Fact]
    public async Task A_task_waiting_on_the_schema_registry_stops_when_told_and_commits_nothing_since_its_last_commit()
    {
        // Three values of schema 3, which the registry answers, then one of schema 4, which it never does: the task
        // has uncommitted work (three records in, out) when it blocks, and one record counted in but not out.
        var schemas = new SchemaTable();
        schemas.Add(3, Order.SchemaJson);
        schemas.Add(4, Order.SchemaJson);
        var view = ViewCompiler.CompileText(Definition.Replace("source: orders", "source: orders\nformat: avro", StringComparison.Ordinal), "test.yaml")[0];
        await using var avro = await PipelineHarness.StartAsync(view, partitions: 1);
        var events = Events(seed: 5, count: 4);
        await avro.AppendValuesAsync([.. events.Take(3).Select(e => (0, schemas.Encode(3, e.Json))), (0, schemas.Encode(4, events[3].Json))]);
        using var state = new TempDirectory("avro-stop");
        var unanswered = new UnansweredSchemas(schemas, unanswered: 4);
        var task = new ViewTask(view, 1, 0, avro.Log, new ProcessorOptions { StateDirectory = state.Path, Schemas = unanswered, CommitInterval = TimeSpan.FromMinutes(10) }, NullLogger.Instance);
        using var stop = new CancellationTokenSource();

        var run = Task.Run(() => task.RunAsync(stop.Token));
        await unanswered.Asked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();

        // A lookup that is never answered (a registry that hangs) no longer holds the stop for the HTTP timeout.
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(default, task.Counters);
        Assert.Empty(await avro.ReadTopicAsync(view.ChangelogTopic(1)));
    }

    /// <summary>A registry that never answers the lookup of one schema id, until the lookup is cancelled.</summary>
    private sealed class UnansweredSchemas(SchemaTable schemas, int unanswered) : ISchemaSource
    {
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<AvroSchema> GetSchemaAsync(int id, CancellationToken cancellationToken = default)
        {
            if (id != unanswered)
            {
                return await schemas.GetSchemaAsync(id, cancellationToken);
            }

            Asked.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new UnreachableException();
        }

        public ValueTask<AvroSchema?> FindLatestAsync(string subject, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<AvroSchema?>(null);
    }

    private static List<(int Partition, string Json)> Events(int seed, int count)
    {
        var random = new Random(seed);
        var time = DateTimeOffset.Parse("2026-11-01T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        string[] statuses = ["PLACED", "PAID", "SHIPPED", "CANCELLED"];
        string[] currencies = ["EUR", "USD", "CHF"];
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            // Mostly forward in time, sometimes out of order, sometimes late: every path of the pipeline runs.
            time += random.Next(-20, 240) * 1_000L;
            var ts = time - (random.Next(0, 5) == 0 ? random.Next(0, 3) * 3_000_000L : 0);
            var amount = (random.Next(-50, 50_000) / 100m).ToString(CultureInfo.InvariantCulture);
            var items = string.Join(',', Enumerable.Range(0, random.Next(0, 3)).Select(n => $"\"sku-{random.Next(100)}\""));
            var json = $$"""{"order_id":"o{{i}}","customer":"c{{random.Next(40)}}","amount":{{amount}},"currency":"{{currencies[random.Next(3)]}}","items":[{{items}}],"status":"{{statuses[random.Next(4)]}}","ts":{{ts}}}""";
            return (random.Next(3), json);
        })];
    }
}
