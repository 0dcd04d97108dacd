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

    private static byte[] Key(string key) => Encoding.UTF8.GetBytes(key);

    private static int? Partition(RowPartials? partials) => partials?.Partitions.Single();

    private static Dictionary<byte[], RowPartials> Batch(params (string Key, int Partition)[] rows) =>
        rows.ToDictionary(r => Key(r.Key), r => new RowPartials([r.Partition], [[]], false), ByteArrayComparer.Instance);
}
