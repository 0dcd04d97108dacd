using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;
using Xunit;
using static Kappa.Processor.Tests.Aggregates.AggregateHarness;

namespace Kappa.Processor.Tests.Aggregates;

/// <summary>
/// Add runs once per event: once warm, the built-ins must not allocate. Measured in bytes allocated by this
/// thread, which is exact and independent of timing.
/// </summary>
public sealed class AllocationTests
{
    public static TheoryData<string, string[]> HotAggregates => new()
    {
        { "count", [] },
        { "count", ["x"] },
        { "sum", ["x"] },
        { "avg", ["x"] },
        { "min", ["x"] },
        { "max", ["x"] },
        { "first", ["x"] },
        { "last", ["x"] },
        { "top", ["x", "5"] },
    };

    [Theory]
    [MemberData(nameof(HotAggregates))]
    public void Adding_numbers_does_not_allocate(string function, string[] arguments)
    {
        var values = Enumerable.Range(0, 512).Select(i => Number((i * 7919 % 1000) + 0.25m)).ToArray();

        Assert.Equal(0, AllocatedWhileAdding(Create(function, arguments).CreateState(), values));
    }

    [Theory]
    [InlineData("min")]
    [InlineData("max")]
    [InlineData("first")]
    [InlineData("last")]
    public void Adding_strings_does_not_allocate_once_the_buffer_fits(string function)
    {
        var values = Enumerable.Range(0, 512).Select(i => Text($"value-{i * 7919 % 1000:D4}")).ToArray();

        Assert.Equal(0, AllocatedWhileAdding(Create(function, "x").CreateState(), values));
    }

    [Fact]
    public void Adding_to_a_sketch_or_adding_known_values_does_not_allocate()
    {
        var values = Enumerable.Range(0, 512).Select(i => Text($"value-{i % 100}")).ToArray();

        Assert.Equal(0, AllocatedWhileAdding(Create("count_distinct", "x", "0").CreateState(), values));
        Assert.Equal(0, AllocatedWhileAdding(Create("count_distinct", "x").CreateState(), values));
    }

    private static long AllocatedWhileAdding(IAggregateState state, FieldValue[] values)
    {
        // The first pass warms up: JIT tiers, buffers grow to their final size, distinct values are stored.
        AddAll(state, values);
        var before = GC.GetAllocatedBytesForCurrentThread();
        AddAll(state, values);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void AddAll(IAggregateState state, FieldValue[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            state.Add(values[i], new EventPosition(i, 0, i));
        }
    }
}
