using Xunit;

namespace Kappa.Storage.Tests;

public sealed class PrefixBoundsTests
{
    public static TheoryData<byte[], byte[]?> Cases => new()
    {
        { [0x61], [0x62] },
        { [0x61, 0x62], [0x61, 0x63] },
        { [0x00], [0x01] },
        { [0x61, 0xFF], [0x62] },
        { [0x61, 0xFF, 0xFF], [0x62] },
        { [0x61, 0xFE, 0xFF], [0x61, 0xFF] },
        { [0xFE], [0xFF] },
        { [0xFF], null },
        { [0xFF, 0xFF, 0xFF], null },
        { [], null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Upper_bound_is_the_prefix_incremented_past_trailing_0xff(byte[] prefix, byte[]? expected)
    {
        Assert.Equal(expected, PrefixBounds.UpperBound(prefix));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Writing_the_upper_bound_matches_and_zero_means_none(byte[] prefix, byte[]? expected)
    {
        Span<byte> destination = stackalloc byte[prefix.Length];

        var length = PrefixBounds.WriteUpperBound(prefix, destination);

        Assert.Equal(expected ?? [], destination[..length].ToArray());
    }

    [Fact]
    public void Writing_into_a_too_short_destination_throws()
    {
        Assert.Throws<ArgumentException>(() => PrefixBounds.WriteUpperBound([0x01, 0x02], new byte[1]));
    }

    [Fact]
    public void Every_key_with_the_prefix_sorts_below_the_bound_and_the_bound_does_not_have_the_prefix()
    {
        byte[] prefix = [0x10, 0xFF];
        var bound = PrefixBounds.UpperBound(prefix)!;

        foreach (byte[] key in new byte[][] { [0x10, 0xFF], [0x10, 0xFF, 0x00], [0x10, 0xFF, 0xFF, 0xFF] })
        {
            Assert.True(key.AsSpan().SequenceCompareTo(bound) < 0);
        }

        Assert.False(bound.AsSpan().StartsWith(prefix));
    }
}
