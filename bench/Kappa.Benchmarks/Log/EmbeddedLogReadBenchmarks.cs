using BenchmarkDotNet.Attributes;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;

namespace Kappa.Benchmarks.Log;

/// <summary>
/// Reads of 100-byte records from the start of a one-partition topic to its end, touching every value, with
/// polls of <see cref="MaxRecords"/>. One operation is one record; each invocation reads <see cref="Records"/>.
/// </summary>
public class EmbeddedLogReadBenchmarks
{
    public const int Records = 2_000_000;

    private string _directory = "";
    private EmbeddedLog _log = null!;

    [Params(500, 5_000)]
    public int MaxRecords { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "kappa-bench", Guid.NewGuid().ToString("N"));
        _log = EmbeddedLog.Open(new EmbeddedLogOptions { DataDirectory = _directory });
        using var producer = _log.CreateProducer();
        var batch = new ProducerRecord[10_000];
        var random = new Random(42);
        for (var i = 0; i < batch.Length; i++)
        {
            var value = new byte[100];
            random.NextBytes(value);
            batch[i] = new ProducerRecord(null, value, 1_700_000_000_000 + i, 0);
        }

        for (var written = 0; written < Records; written += batch.Length)
        {
            await producer.AppendAsync("read", batch);
        }
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public async Task<long> Read()
    {
        using var consumer = _log.CreateConsumer("bench");
        consumer.Assign([new TopicPartitionOffset("read", 0, LogOffset.Beginning)]);
        long bytes = 0;
        var read = 0;
        while (read < Records)
        {
            var batch = await consumer.PollAsync(MaxRecords, TimeSpan.FromSeconds(10));
            foreach (var record in batch.Records)
            {
                bytes += record.Value!.Value.Span[0];
            }

            read += batch.Count;
        }

        return bytes;
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _log.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
