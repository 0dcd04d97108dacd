using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Kappa.Contracts.Views;
using Xunit;

namespace Kappa.Contracts.Tests.Views;

public sealed class RowKeyTests
{
    [Theory]
    [InlineData("", 0L)]
    [InlineData("alice", 1_795_345_200_000L)]
    [InlineData("a\0b\u0001c", -1L)]
    [InlineData("\u0001\u0001", long.MinValue)]
    [InlineData("zürich", long.MaxValue)]
    public void Decode_inverts_encode(string key, long windowStart)
    {
        var bytes = Encoding.UTF8.GetBytes(key);

        var (decodedKey, decodedStart) = RowKey.Decode(RowKey.Encode(bytes, windowStart));

        Assert.Equal(bytes, decodedKey);
        Assert.Equal(windowStart, decodedStart);
    }

    [Fact]
    public void Byte_order_is_key_order_then_window_order()
    {
        Prop.ForAll<byte[], byte[], Tuple<long, long>>((k1, k2, windows) =>
        {
            var (w1, w2) = windows;
            var expected = k1.AsSpan().SequenceCompareTo(k2) switch
            {
                < 0 => -1,
                > 0 => 1,
                _ => w1.CompareTo(w2),
            };
            var actual = Math.Sign(RowKey.Encode(k1, w1).AsSpan().SequenceCompareTo(RowKey.Encode(k2, w2)));
            return Math.Sign(expected) == actual;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_key_prefix_selects_exactly_that_keys_rows()
    {
        Prop.ForAll<byte[], byte[], long>((k1, k2, w) =>
        {
            var startsWith = RowKey.Encode(k2, w).AsSpan().StartsWith(RowKey.EncodeKeyPrefix(k1));
            return startsWith == k1.AsSpan().SequenceEqual(k2);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_starts_with_prefix_selects_keys_with_that_prefix()
    {
        Prop.ForAll<byte[], byte[], long>((prefix, key, w) =>
        {
            var selected = RowKey.Encode(key, w).AsSpan().StartsWith(RowKey.EncodeKeyStartsWith(prefix));
            return selected == key.AsSpan().StartsWith(prefix);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[] { 0x61, 0, 0x62, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x61, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void Malformed_bytes_are_a_format_error(byte[] bytes)
    {
        Assert.ThrowsAny<FormatException>(() => RowKey.Decode(bytes));
    }
}
