using Kappa.Log.Abstractions;
using Kappa.Log.Kafka;
using Kappa.TestKit.Kafka;
using Xunit;
using static Kappa.Log.Tests.Embedded.LogTestExtensions;

namespace Kappa.Log.Tests.Kafka;

/// <summary>Group-managed consumption (cooperative-sticky) on the mock cluster: members share and hand over partitions.</summary>
[Trait("Category", "Integration")]
public sealed class KafkaGroupMemberTests : IAsyncLifetime
{
    private const string Topic = "shared";
    private readonly MockKafkaCluster _cluster = new();
    private KafkaLog _log = null!;

    public Task InitializeAsync()
    {
        _cluster.CreateTopic(Topic, 8);
        var options = KafkaLogContractTests.MockOptions(_cluster);

        // A member that leaves is noticed at once; short timeouts keep the rebalances of this test quick.
        options.Properties["session.timeout.ms"] = "6000";
        options.Properties["heartbeat.interval.ms"] = "200";
        _log = KafkaLog.Connect(options);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        _cluster.Dispose();
    }

    [Fact]
    public async Task Two_members_share_the_partitions_and_the_survivor_takes_over_with_the_committed_offsets()
    {
        using var producer = _log.CreateProducer();
        for (var p = 0; p < 8; p++)
        {
            await producer.AppendAsync(Topic, Numbered(10, p, firstTimestamp: 1));
        }

        var revokedFromFirst = new List<TopicPartition>();
        using var first = _log.JoinGroup("workers", [Topic], _ => { }, revokedFromFirst.AddRange);
        var second = _log.JoinGroup("workers", [Topic], _ => { }, _ => { });
        var read = new Dictionary<TopicPartition, List<long>>();

        // Both poll until the group settled on a split of all 8 partitions and every partition was read to its end.
        // The first member may own all 8 for a moment; the partitions it then gives up are read again by the second.
        await PollUntilAsync(() => first.Assignment.Count == 4 && second.Assignment.Count == 4 && read.Count == 8 && read.Values.All(o => o[^1] == 9), read, first, second);
        Assert.Empty(first.Assignment.Intersect(second.Assignment));
        Assert.All(read.Values, offsets => Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), offsets.Distinct()));

        // Cooperative-sticky: the first member gave up only what the second took.
        Assert.Empty(revokedFromFirst.Intersect(first.Assignment));
        var revokedBeforeLeave = revokedFromFirst.Count;

        // The second member commits half of each partition it owns, then leaves.
        var handedOver = second.Assignment.ToList();
        await second.CommitAsync([.. handedOver.Select(tp => new TopicPartitionOffset(tp.Topic, tp.Partition, 5))]);
        second.Dispose();
        read.Clear();

        await PollUntilAsync(() => first.Assignment.Count == 8 && handedOver.All(tp => read.GetValueOrDefault(tp)?.Count == 5), read, first);
        Assert.All(handedOver, tp => Assert.Equal([5L, 6, 7, 8, 9], read[tp]));
        Assert.Equal(revokedBeforeLeave, revokedFromFirst.Count);
    }

    private static async Task PollUntilAsync(Func<bool> done, Dictionary<TopicPartition, List<long>> read, params KafkaGroupMember[] members)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the group did not settle in time");
            foreach (var member in members)
            {
                var batch = await member.PollAsync(1000, TimeSpan.FromMilliseconds(100));
                foreach (var record in batch.Records)
                {
                    var tp = new TopicPartition(record.Topic, record.Partition);
                    if (!read.TryGetValue(tp, out var offsets))
                    {
                        read[tp] = offsets = [];
                    }

                    offsets.Add(record.Offset);
                }
            }
        }
    }
}
