using System.Text;
using Kappa.Storage;
using Kappa.Views.Store;
using Xunit;

namespace Kappa.Views.Tests.Store;

public sealed class RecentRowsTests
{
    [Fact]
    public void A_row_is_found_as_last_added_and_an_unknown_row_is_not()
    {
        var recent = new RecentRows(capacity: 10);
        recent.Add(Batch(("a", 1), ("b", 1)));
        recent.Add(Batch(("a", 2)));

        Assert.Equal(2, Partition(recent.Find(Key("a"))));
        Assert.Equal(1, Partition(recent.Find(Key("b"))));
        Assert.Null(recent.Find(Key("c")));
    }

    [Fact]
    public void Turning_over_keeps_the_last_batch_and_never_finds_an_older_value_first()
    {
        var recent = new RecentRows(capacity: 2);
        recent.Add(Batch(("a", 1), ("b", 1)));
        recent.Add(Batch(("a", 2), ("c", 2), ("d", 2)));

        Assert.Equal(2, Partition(recent.Find(Key("a"))));
        Assert.Equal(1, Partition(recent.Find(Key("b"))));

        recent.Add(Batch(("e", 3)));

        Assert.Null(recent.Find(Key("b")));
        Assert.Equal(2, Partition(recent.Find(Key("a"))));
        Assert.Equal(3, Partition(recent.Find(Key("e"))));
        Assert.Equal(4, recent.Count);
    }

    [Fact]
    public void Rows_that_never_come_back_shrink_it_and_rows_that_do_grow_it_back()
    {
        var recent = new RecentRows(capacity: 1_000, leastCapacity: 100);
        var next = 0;

        // A replay's changelog: every row new, looked up once (as a batch's rows are) and added.
        for (var batch = 0; batch < 100; batch++)
        {
            var rows = Enumerable.Range(next, 100).Select(i => ($"new-{i}", 1)).ToArray();
            next += 100;
            Assert.All(rows, r => Assert.Null(recent.Find(Key(r.Item1))));
            recent.Add(Batch(rows));
        }

        Assert.Equal(100, recent.Capacity);
        Assert.InRange(recent.Count, 100, 300);

        // A live changelog: the same 1,000 rows every commit, 1,000 apart, farther than the shrunk generations reach.
        var found = 0;
        for (var commit = 0; commit < 20; commit++)
        {
            for (var batch = 0; batch < 10; batch++)
            {
                var rows = Enumerable.Range(batch * 100, 100).Select(i => ($"live-{i}", commit)).ToArray();
                found += rows.Count(r => recent.Find(Key(r.Item1)) is { } partials && Partition(partials) == commit - 1);
                recent.Add(Batch(rows));
            }
        }

        Assert.Equal(1_000, recent.Capacity);
        Assert.True(found >= 10 * 1_000, $"found {found} of the rows changed in the commit before");
    }

    [Fact]
    public void A_fixed_capacity_stays_fixed()
    {
        var recent = new RecentRows(capacity: 100);
        for (var batch = 0; batch < 100; batch++)
        {
            var rows = Enumerable.Range(batch * 100, 100).Select(i => ($"new-{i}", 1)).ToArray();
            Assert.All(rows, r => Assert.Null(recent.Find(Key(r.Item1))));
            recent.Add(Batch(rows));
        }

        Assert.Equal(100, recent.Capacity);
    }

    private static byte[] Key(string key) => Encoding.UTF8.GetBytes(key);

    private static int? Partition(RowPartials? partials) => partials?.Partitions.Single();

    private static Dictionary<byte[], RowPartials> Batch(params (string Key, int Partition)[] rows) =>
        rows.ToDictionary(r => Key(r.Key), r => new RowPartials([r.Partition], [[]], false), ByteArrayComparer.Instance);
}
