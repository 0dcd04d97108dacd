using System.Buffers.Binary;
using Kappa.Processor.Aggregates;
using Xunit;

namespace Kappa.Processor.Tests.Aggregates;

public sealed class HyperLogLogTests
{
    [Fact]
    public void An_empty_sketch_estimates_zero()
    {
        Assert.Equal(0.0, new HyperLogLog(14).Estimate());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(5_000)]
    [InlineData(30_000)]
    [InlineData(200_000)]
    public void The_estimate_is_within_three_standard_errors_across_the_range(int distinct)
    {
        var sketch = new HyperLogLog(14);
        Span<byte> buffer = stackalloc byte[8];
        for (var i = 0; i < distinct; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer, i);
            sketch.Add(XxHash64.Hash(buffer));
        }

        var tolerance = Math.Max(1.0, 3 * HyperLogLog.StandardError(14) * distinct);
        Assert.InRange(sketch.Estimate(), distinct - tolerance, distinct + tolerance);
    }

    [Fact]
    public void Adding_a_hash_again_changes_nothing()
    {
        var sketch = new HyperLogLog(10);
        sketch.Add(0x1234_5678_9ABC_DEF0UL);
        var registers = sketch.Registers.ToArray();

        sketch.Add(0x1234_5678_9ABC_DEF0UL);

        Assert.Equal(registers, sketch.Registers.ToArray());
    }

    [Fact]
    public void A_hash_with_all_remaining_bits_zero_takes_the_maximum_rank()
    {
        var sketch = new HyperLogLog(14);

        sketch.Add(0xFFFC_0000_0000_0000UL);

        Assert.Equal(sketch.MaxRank, sketch.Registers[^1]);
        Assert.Equal(51, sketch.MaxRank);
    }
}
