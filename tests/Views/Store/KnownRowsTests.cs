using System.Text;
using Kappa.Views.Store;
using Xunit;

namespace Kappa.Views.Tests.Store;

public sealed class KnownRowsTests
{
    [Fact]
    public void Every_row_added_may_have_partials()
    {
        var known = new KnownRows(bytes: 1 << 16);
        var rows = Enumerable.Range(0, 10_000).Select(i => Key($"customer-{i}")).ToArray();
        known.Add(rows);

        Assert.True(known.Knows);
        Assert.All(rows, row => Assert.True(known.MayHave(row)));
    }

    [Fact]
    public void Rows_never_added_are_mostly_known_to_have_none()
    {
        // 10,000 rows in 2^19 bits set about 4 % of them: a row never added passes both of its bits about once in 700.
        var known = new KnownRows(bytes: 1 << 16);
        known.Add(Enumerable.Range(0, 10_000).Select(i => Key($"customer-{i}")));

        var falsePositives = Enumerable.Range(0, 100_000).Count(i => known.MayHave(Key($"other-{i}")));

        Assert.True(known.Knows);
        Assert.InRange(falsePositives, 0, 1_000);
    }

    [Fact]
    public void It_stops_knowing_once_a_quarter_of_its_bits_are_set_and_then_every_row_may_have_partials()
    {
        // 64 words of 64 bits: a quarter is 1,024 bits, which 2 bits a row reach after about 600 rows.
        var known = new KnownRows(bytes: 512);
        known.Add(Enumerable.Range(0, 400).Select(i => Key($"customer-{i}")));
        Assert.True(known.Knows);

        known.Add(Enumerable.Range(400, 600).Select(i => Key($"customer-{i}")));

        Assert.False(known.Knows);
        Assert.All(Enumerable.Range(0, 1_000), i => Assert.True(known.MayHave(Key($"other-{i}"))));
    }

    [Fact]
    public void Adding_a_row_again_changes_nothing()
    {
        var known = new KnownRows(bytes: 512);
        for (var i = 0; i < 10_000; i++)
        {
            known.Add([Key("customer-1")]);
        }

        Assert.True(known.Knows);
        Assert.False(known.MayHave(Key("customer-2")) && known.MayHave(Key("customer-3")) && known.MayHave(Key("customer-4")));
    }

    private static byte[] Key(string key) => Encoding.UTF8.GetBytes(key);
}
