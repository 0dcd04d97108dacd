using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;

namespace Kappa.Processor.Tests.Aggregates;

/// <summary>Random inputs for the property tests.</summary>
internal static class AggregateGenerators
{
    /// <summary>
    /// Decimals with up to 14 integer digits and up to 12 fraction digits, trailing zeros included (scale varies):
    /// a hundred of them sum to at most 26 significant digits, so every sum is exact and a LINQ sum is an oracle.
    /// Small integers are frequent so that ties and duplicates happen.
    /// </summary>
    public static Gen<decimal> Decimals { get; } = Gen.Frequency(
        (1, Gen.Choose(-3, 3).Select(i => (decimal)i)),
        (1, Gen.Choose(0, 4).Select(i => new decimal(15, 0, 0, false, (byte)i))),
        (4, from high in Gen.Choose(0, 9_999_999)
            from low in Gen.Choose(0, 9_999_999)
            from scale in Gen.Choose(0, 12)
            from fractionHigh in Gen.Choose(0, 999_999)
            from fractionLow in Gen.Choose(0, 999_999)
            from negative in Gen.Elements(true, false)
            select Compose(((UInt128)high * 10_000_000) + (UInt128)low, (((UInt128)fractionHigh * 1_000_000) + (UInt128)fractionLow) % Pow10(scale), scale, negative)));

    /// <summary>Strings over an alphabet where UTF-16 order and UTF-8 byte order disagree (U+FB00 vs an emoji).</summary>
    public static Gen<string> Strings { get; } =
        Gen.ListOf(Gen.Elements("a", "b", "z", "é", "€", "\uFB00", "😀")).Resize(4).Select(parts => string.Concat(parts));

    public static Gen<FieldValue> Numbers { get; } = Decimals.Select(AggregateHarness.Number);

    public static Gen<FieldValue> Texts { get; } = Strings.Select(AggregateHarness.Text);

    /// <summary>Any present value: booleans, exact and approximate numbers, strings, objects.</summary>
    public static Gen<FieldValue> AnyValues { get; } = Gen.OneOf(
        Numbers,
        Texts,
        Gen.Elements(true, false).Select(FieldValue.FromBoolean),
        Gen.Elements(1e30, -2.5e40).Select(FieldValue.FromDouble),
        Gen.Choose(0, 3).Select(i => AggregateHarness.Composite($"{{\"k\":{i}}}")));

    /// <summary>Mostly <paramref name="values"/>, sometimes null or missing, which aggregates skip.</summary>
    public static Gen<FieldValue> WithGaps(Gen<FieldValue> values) => Gen.Frequency(
        (8, values),
        (1, Gen.Constant(FieldValue.NullValue)),
        (1, Gen.Constant(FieldValue.Missing)));

    /// <summary>
    /// Inputs at distinct positions with many event-time and partition ties, in shuffled (arrival) order.
    /// Offsets are unique, since two events never share a partition and offset.
    /// </summary>
    public static Gen<List<Input>> Inputs(Gen<FieldValue> values) =>
        from list in Gen.ListOf(from value in WithGaps(values)
                                from time in Gen.Choose(0, 4)
                                from partition in Gen.Choose(0, 2)
                                select (value, time, partition))
        from shuffled in Gen.Shuffle(list.Select((entry, index) => new Input(entry.value, new EventPosition(entry.time, entry.partition, index))))
        select shuffled.ToList();

    /// <summary>Inputs and two cut points that split them into three parts.</summary>
    public static Gen<Tuple<List<Input>, int, int>> SplitInputs(Gen<FieldValue> values) =>
        from inputs in Inputs(values)
        from first in Gen.Choose(0, inputs.Count)
        from second in Gen.Choose(first, inputs.Count)
        select Tuple.Create(inputs, first, second);

    private static UInt128 Pow10(int exponent)
    {
        UInt128 result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    private static decimal Compose(UInt128 integer, UInt128 fraction, int scale, bool negative)
    {
        var mantissa = (integer * Pow10(scale)) + fraction;
        return new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), negative, (byte)scale);
    }
}
