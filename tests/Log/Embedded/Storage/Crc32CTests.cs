using Kappa.Log.Embedded.Storage;
using Xunit;

namespace Kappa.Log.Tests.Embedded.Storage;

public sealed class Crc32CTests
{
    [Fact]
    public void Matches_the_standard_check_value() =>
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));

    [Fact]
    public void Covers_lengths_that_are_not_multiples_of_eight()
    {
        var data = Enumerable.Range(0, 37).Select(i => (byte)i).ToArray();
        Assert.NotEqual(Crc32C.Compute(data), Crc32C.Compute(data.AsSpan(0, 36)));
        Assert.Equal(0u, Crc32C.Compute([]));
    }
}
