using Kappa.Log.Embedded.Storage;
using Xunit;

namespace Kappa.Log.Tests.Embedded.Storage;

public sealed class SparseIndexTests
{
    private static SparseIndex Sample()
    {
        var index = new SparseIndex(100, []);
        index.Add(new IndexEntry(100, 0, long.MinValue));
        index.Add(new IndexEntry(110, 4096, 50));
        index.Add(new IndexEntry(125, 8192, 80));
        return index;
    }

    [Theory]
    [InlineData(100, 0)]
    [InlineData(109, 0)]
    [InlineData(110, 4096)]
    [InlineData(124, 4096)]
    [InlineData(1000, 8192)]
    public void Offset_lookup_returns_the_last_entry_at_or_before(long offset, long position) =>
        Assert.Equal(position, Sample().FloorForOffset(offset).Position);

    [Theory]
    [InlineData(long.MinValue, 0)]
    [InlineData(50, 0)]
    [InlineData(51, 4096)]
    [InlineData(80, 4096)]
    [InlineData(81, 8192)]
    public void Timestamp_lookup_returns_the_last_entry_before_which_everything_is_older(long timestamp, long position) =>
        Assert.Equal(position, Sample().FloorForTimestamp(timestamp).Position);

    [Fact]
    public void An_empty_index_points_at_the_segment_start() =>
        Assert.Equal(new IndexEntry(7, 0, long.MinValue), new SparseIndex(7, []).FloorForOffset(100));
}
