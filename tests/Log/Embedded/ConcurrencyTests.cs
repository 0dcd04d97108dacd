using Kappa.Log.Abstractions;
using Kappa.TestKit;
using Xunit;
using static Kappa.Log.Tests.Embedded.LogTestExtensions;

namespace Kappa.Log.Tests.Embedded;

[Trait("Category", "Integration")]
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Concurrent_producers_keep_per_partition_order_and_density_while_a_consumer_tails()
    {
        const int Producers = 4;
        const int Appends = 50;
        const int PerAppend = 20;
        using var dir = new TempDirectory("log");
        await using var log = OpenLog(dir.Path, o => o.SegmentBytes = 16 * 1024);
        await log.Admin.CreateTopicAsync(new TopicSpec("t", 3));
        var total = Producers * Appends * PerAppend;

        using var tailer = log.CreateConsumer("tail");
        tailer.Assign([.. Enumerable.Range(0, 3).Select(p => new TopicPartitionOffset("t", p, LogOffset.Beginning))]);
        var tail = Task.Run(async () =>
        {
            var seen = new List<(int Partition, long Offset, string Value)>();
            while (seen.Count < total)
            {
                var batch = await tailer.PollAsync(500, TimeSpan.FromSeconds(30));
                Assert.False(batch.IsEmpty);
                foreach (var record in batch.Records)
                {
                    seen.Add((record.Partition, record.Offset, record.Value.Text()!));
                }
            }

            return seen;
        });

        await Task.WhenAll(Enumerable.Range(0, Producers).Select(producerId => Task.Run(async () =>
        {
            using var producer = log.CreateProducer();
            for (var a = 0; a < Appends; a++)
            {
                var records = Enumerable.Range(0, PerAppend)
                    .Select(i => Record($"{producerId}-{i % 7}", $"{producerId}:{(a * PerAppend) + i}"))
                    .ToArray();
                await producer.AppendAsync("t", records);
            }
        })));

        var tailed = await tail;
        Assert.Equal(total, tailed.Count);
        foreach (var partition in tailed.GroupBy(r => r.Partition))
        {
            Assert.Equal(Enumerable.Range(0, partition.Count()).Select(o => (long)o), partition.Select(r => r.Offset));
            foreach (var byProducer in partition.GroupBy(r => r.Value.Split(':')[0]))
            {
                var sequence = byProducer.Select(r => int.Parse(r.Value.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
                Assert.Equal(sequence.Order(), sequence);
            }
        }

        for (var p = 0; p < 3; p++)
        {
            var stored = await log.ReadAllAsync("t", p);
            Assert.Equal(tailed.Where(r => r.Partition == p).Select(r => r.Value), stored.Select(r => r.Value));
        }
    }
}
