using System.Text;
using BenchmarkDotNet.Attributes;
using Kappa.Contracts.Avro;
using Kappa.Contracts.Avro.Confluent;
using Kappa.Contracts.Events;
using Kappa.Processor.Events;
using Kappa.Processor.Events.Avro;

namespace Kappa.Benchmarks.Processor;

/// <summary>
/// What a task does per record before the pipeline proper: decode the value into the view's field slots. The Nexmark bid
/// (four longs, three strings) in Confluent's framing, one core; one operation is one record, each invocation moves
/// <see cref="Records"/> over 1,024 distinct bids. Avro: the frame header, the plan of the writer schema id, the
/// fields read (strings validated and sliced, not copied) and the rest skipped. Json: the same bids as JSON through
/// the JSON extractor, for comparison.
/// </summary>
public class AvroExtractBenchmarks
{
    public const int Records = 1_000_000;
    private const int Distinct = 1_024;

    // A typical aggregation (Nexmark q5/q7 style): key, value and event time; the other four fields are skipped.
    private static readonly string[] ThreeFields = ["auction", "price", "dateTime"];
    private static readonly string[] AllFields = ["auction", "bidder", "price", "channel", "url", "dateTime", "extra"];

    private readonly FieldValue[] _slots = new FieldValue[AllFields.Length];
    private byte[][] _avro = [];
    private byte[][] _json = [];
    private AvroFieldExtractor _avroThree = null!;
    private AvroFieldExtractor _avroAll = null!;
    private FieldExtractor _jsonThree = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var bids = Enumerable.Range(0, Distinct).Select(i => new Bid
        {
            Auction = 1000 + random.Next(10_000),
            Bidder = 1000 + random.Next(100_000),
            Price = random.Next(1, 10_000_000),
            Channel = random.Next(4) switch { 0 => "Google", 1 => "Facebook", 2 => "Baidu", _ => "Apple" },
            Url = $"https://www.nexmark.com/item.htm?query=1&channel_id={random.Next(1 << 20)}",
            DateTime = 1_795_341_600_000 + (i * 7),
            Extra = string.Empty,
        }).ToList();
        var serializer = new ConfluentAvroSerializer(1, Bid.Schema);
        _avro = [.. bids.Select(b => serializer.Serialize(b.ToAvro()))];
        _json = [.. bids.Select(b => Encoding.UTF8.GetBytes(
            $$"""{"auction":{{b.Auction}},"bidder":{{b.Bidder}},"price":{{b.Price}},"channel":"{{b.Channel}}","url":"{{b.Url}}","dateTime":{{b.DateTime}},"extra":"{{b.Extra}}"}"""))];
        var schemas = new OneSchema(Bid.Schema);
        _avroThree = new AvroFieldExtractor(ThreeFields, schemas);
        _avroAll = new AvroFieldExtractor(AllFields, schemas);
        _jsonThree = new FieldExtractor(ThreeFields);
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public decimal AvroThreeFields() => Run(_avroThree, _avro);

    [Benchmark(OperationsPerInvoke = Records)]
    public decimal AvroAllFields() => Run(_avroAll, _avro);

    [Benchmark(OperationsPerInvoke = Records)]
    public decimal JsonThreeFields() => Run(_jsonThree, _json);

    private decimal Run(IFieldExtractor extractor, byte[][] values)
    {
        decimal sum = 0;
        for (var n = 0; n < Records; n++)
        {
            extractor.Extract(values[n & (Distinct - 1)], _slots);
            sum += _slots[1].Number;
        }

        return sum;
    }

    /// <summary>The registry of the benchmark: one schema under every id.</summary>
    private sealed class OneSchema(AvroSchema schema) : ISchemaSource
    {
        public ValueTask<AvroSchema> GetSchemaAsync(int id, CancellationToken cancellationToken = default) => ValueTask.FromResult(schema);

        public ValueTask<AvroSchema?> FindLatestAsync(string subject, CancellationToken cancellationToken = default) => ValueTask.FromResult<AvroSchema?>(schema);
    }
}
