using Kappa.Views.Store;
using Xunit;

namespace Kappa.Views.Tests.Store;

public sealed class RowPartialsTests
{
    [Theory]
    [InlineData("", "0=x", "0=x")]
    [InlineData("1=a", "", "1=a")]
    [InlineData("1=a", "1=b", "1=b")]
    [InlineData("0=a,2=c", "1=b", "0=a,1=b,2=c")]
    [InlineData("1=a,3=c", "0=x,1=y,4=z", "0=x,1=y,3=c,4=z")]
    [InlineData("0=a,1=b,2=c", "0=x,2=z", "0=x,1=b,2=z")]
    [InlineData("5=a", "0=x,1=y", "0=x,1=y,5=a")]
    [InlineData("", "4000=x", "4000=x")]
    [InlineData("4000=a", "4000=b", "4000=b")]
    [InlineData("3=a", "2=b", "2=b,3=a")]
    public void Merging_puts_the_changes_over_the_partials_in_partition_order(string before, string changes, string expected)
    {
        var old = Parse(before);
        var row = new RowPartials([.. old.Select(p => p.Partition)], [.. old.Select(p => p.State)], Unrendered: false);

        var (partitions, states) = RowPartials.Merge(row, Parse(changes));

        Assert.Equal(expected, string.Join(",", partitions.Zip(states, (p, s) => $"{p}={System.Text.Encoding.UTF8.GetString(s)}")));
    }

    [Fact]
    public void Rows_left_with_one_partition_share_its_partitions_array()
    {
        var (first, _) = RowPartials.Merge(RowPartials.None, Parse("3=a"));
        var (second, _) = RowPartials.Merge(new RowPartials([3], [[1]], Unrendered: false), Parse("3=b"));
        var (other, _) = RowPartials.Merge(RowPartials.None, Parse("2=a"));

        Assert.Same(first, second);
        Assert.Equal([3], first);
        Assert.Equal([2], other);
    }

    private static List<(int Partition, byte[] State)> Parse(string partials) =>
        [.. partials.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('='))
            .Select(p => (int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), System.Text.Encoding.UTF8.GetBytes(p[1])))];
}
