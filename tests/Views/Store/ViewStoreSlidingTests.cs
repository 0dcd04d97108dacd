using System.Text;
using Kappa.Contracts.Views;
using Kappa.TestKit;
using Kappa.Views.Store;
using Xunit;

namespace Kappa.Views.Tests.Store;

/// <summary>
/// The store's side of sliding windows: which bucket partials a change reads back (a bounded range around it, the
/// batch's own in place of the stored), and rows, count and offsets as the rendering says.
/// </summary>
public sealed class ViewStoreSlidingTests : IDisposable
{
    private const long D = 10;
    private readonly TempDirectory _dir = new("view-store-sliding");
    private readonly ViewStore _store;
    private readonly List<string> _calls = [];
    private List<(long Start, byte[] Json)> _windows = [];

    public ViewStoreSlidingTests() => _store = ViewStore.Open(_dir.Path);

    [Fact]
    public void Changes_within_reach_of_each_other_read_one_range_and_others_their_own()
    {
        Apply(1, Bucket("a", 0, 0), Bucket("a", 14, 1), Bucket("a", 36, 0), Bucket("a", 37, 2), Bucket("a", 100, 0), Bucket("b", 5, 0));

        // 0, 14, 36 and 37 are each within 2d + 2 of the next: one range, [0 - d - 1, 37 + d + 1]; 100 is alone.
        Assert.Equal(
            [
                "a changed [0,14,36,37] read [0@0,14@1,36@0,37@2]",
                "a changed [100] read [100@0]",
                "b changed [5] read [5@0]",
            ],
            _calls);
    }

    [Fact]
    public void A_change_reads_the_stored_buckets_from_d_plus_one_before_to_d_plus_one_after_it_with_the_batchs_own()
    {
        Apply(1, Bucket("a", 0, 0), Bucket("a", 13, 0), Bucket("a", 14, 1), Bucket("a", 36, 0), Bucket("a", 37, 2), Bucket("a", 100, 0));
        _calls.Clear();

        Apply(2, Bucket("a", 25, 1), Bucket("a", 14, 0, "new"));

        // 14 and 25 read [14 - d - 1, 25 + d + 1] = [3, 36]: not 0 nor 37; partition 0's new 14 as in the batch.
        Assert.Equal(["a changed [14,25] read [13@0,14@0new,14@1,25@1,36@0]"], _calls);
    }

    [Fact]
    public void Rendered_windows_become_rows_counted_once_with_the_offsets_in_the_same_write()
    {
        _windows = [(4, "{\"n\":1}"u8.ToArray()), (15, "{\"n\":2}"u8.ToArray())];
        Apply(1, Bucket("a", 14, 0));
        _windows = [(4, "{\"n\":3}"u8.ToArray())];
        Apply(2, Bucket("a", 14, 1));
        Apply(3, Bucket("a", 14, 1));

        Assert.Equal(2, _store.CountRows("v", 1));
        Assert.Equal(3, _store.ReadNextOffset("v", 1, 0));
        Assert.Equal(["{\"n\":3}", "{\"n\":2}"], _store.ReadKey("v", 1, "a"u8).Select(Encoding.UTF8.GetString));
    }

    private void Apply(long nextOffset, params PartialUpsert[] partials) =>
        _store.ApplySlidingPartials("v", 1, partials, D, Render, new Dictionary<int, long> { [0] = nextOffset });

    private List<(long Start, byte[] Json)> Render(byte[] prefix, IReadOnlyList<(long Time, byte[] State)> buckets, IReadOnlyList<long> changed)
    {
        var key = RowKey.Decode([.. prefix, .. new byte[sizeof(long)]]).Key;
        _calls.Add($"{Encoding.UTF8.GetString(key)} changed [{string.Join(',', changed)}] read [{string.Join(',', buckets.Select(b => $"{b.Time}@{Encoding.UTF8.GetString(b.State)}"))}]");
        return _windows;
    }

    private static PartialUpsert Bucket(string key, long time, int partition, string extra = "") =>
        new(RowKey.Encode(Encoding.UTF8.GetBytes(key), time), partition, Encoding.UTF8.GetBytes($"{partition}{extra}"));

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }
}
