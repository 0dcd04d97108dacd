using BenchmarkDotNet.Attributes;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;

namespace Kappa.Benchmarks.Log;

/// <summary>
/// Appends of 100-byte values in batches, to one partition (explicit) and spread over four by a 16-byte key
/// (murmur2). One operation is one record; each invocation appends <see cref="RecordsPerInvoke"/> records.
/// </summary>
public class EmbeddedLogAppendBenchmarks
{
    public const int RecordsPerInvoke = 2_000_000;

    private string _directory = "";
    private EmbeddedLog _log = null!;
    private ILogProducer _producer = null!;
    private ProducerRecord[] _batch = [];
    private int _iteration;

    [Params(1_000, 10_000)]
    public int BatchSize { get; set; }

    [Params(false, true)]
    public bool Keyed { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "kappa-bench", Guid.NewGuid().ToString("N"));
        _log = EmbeddedLog.Open(new EmbeddedLogOptions { DataDirectory = _directory, DefaultPartitions = 4 });
        _producer = _log.CreateProducer();
        var random = new Random(42);
        _batch = new ProducerRecord[BatchSize];
        for (var i = 0; i < BatchSize; i++)
        {
            var value = new byte[100];
            random.NextBytes(value);
            ReadOnlyMemory<byte>? key = Keyed ? System.Text.Encoding.ASCII.GetBytes($"key-{i % 1000:D12}") : null;
            _batch[i] = new ProducerRecord(key, value, 1_700_000_000_000 + i, Keyed ? null : 0);
        }
    }

    [IterationSetup]
    public void NewTopic() => _iteration++;

    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public async Task Append()
    {
        var topic = $"append-{_iteration}";
        for (var appended = 0; appended < RecordsPerInvoke; appended += BatchSize)
        {
            await _producer.AppendAsync(topic, _batch);
        }
    }

    [IterationCleanup]
    public void DropTopic() => _log.Admin.DeleteTopicAsync($"append-{_iteration}").GetAwaiter().GetResult();

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _producer.Dispose();
        await _log.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
