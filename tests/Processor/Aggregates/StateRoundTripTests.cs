using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;
using Xunit;
using static Kappa.Processor.Tests.Aggregates.AggregateHarness;

namespace Kappa.Processor.Tests.Aggregates;

/// <summary>
/// Stored state is what survives a crash: reading it back must give the same bytes and result, and the bytes
/// must depend only on the logical state, never on the order in which inputs arrived.
/// </summary>
public sealed class StateRoundTripTests
{
    [Theory]
    [MemberData(nameof(MergeTests.NumericAggregates), MemberType = typeof(MergeTests))]
    public void Numeric_states_round_trip_and_ignore_arrival_order(string function, string[] arguments) =>
        RoundTripProperty(Create(function, arguments), AggregateGenerators.Numbers);

    [Theory]
    [MemberData(nameof(MergeTests.StringAggregates), MemberType = typeof(MergeTests))]
    public void String_states_round_trip_and_ignore_arrival_order(string function, string[] arguments) =>
        RoundTripProperty(Create(function, arguments), AggregateGenerators.Texts);

    [Fact]
    public void States_of_any_values_round_trip_for_first_last_and_count_distinct()
    {
        RoundTripProperty(Create("first", "x"), AggregateGenerators.AnyValues);
        RoundTripProperty(Create("last", "x"), AggregateGenerators.AnyValues);
        RoundTripProperty(Create("count_distinct", "x", "6"), AggregateGenerators.AnyValues);
    }

    [Fact]
    public void A_state_of_another_aggregate_is_a_format_error()
    {
        var stored = Bytes(RunValues(Create("sum", "x"), [Number(1)]));

        var error = Assert.Throws<FormatException>(() => Create("avg", "x").ReadState(stored));
        Assert.Contains("avg(x)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_trailing_and_unknown_version_states_are_format_errors()
    {
        var function = Create("max", "x");
        var stored = Bytes(RunValues(function, [Text("hello")]));

        Assert.Throws<FormatException>(() => function.ReadState(stored.AsSpan(0, stored.Length - 1)));
        Assert.Throws<FormatException>(() => function.ReadState([.. stored, 0]));
        Assert.Throws<FormatException>(() => function.ReadState([stored[0], 99, .. stored.AsSpan(2)]));
        Assert.Throws<FormatException>(() => function.ReadState([]));
    }

    [Fact]
    public void Adding_after_a_round_trip_matches_adding_without_one()
    {
        Prop.ForAll(AggregateGenerators.SplitInputs(AggregateGenerators.Numbers).ToArbitrary(), split =>
        {
            var (inputs, cut, _) = split;
            foreach (var (function, arguments) in new[] { ("sum", new[] { "x" }), ("avg", ["x"]), ("top", ["x", "2"]), ("count_distinct", ["x", "3"]), ("last", ["x"]) })
            {
                var aggregate = Create(function, arguments);
                var restored = RoundTrip(aggregate, Run(aggregate, inputs.Take(cut)));
                foreach (var input in inputs.Skip(cut))
                {
                    restored.Add(input.Value, input.Position);
                }

                if (!Bytes(restored).AsSpan().SequenceEqual(Bytes(Run(aggregate, inputs))))
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    private static void RoundTripProperty(IAggregateFunction function, Gen<FieldValue> values)
    {
        var inputsAndShuffle = from inputs in AggregateGenerators.Inputs(values)
                               from shuffled in Gen.Shuffle<Input>(inputs)
                               select Tuple.Create(inputs, shuffled);
        Prop.ForAll(inputsAndShuffle.ToArbitrary(), pair =>
        {
            var (inputs, shuffled) = pair;
            var state = Run(function, inputs);
            var bytes = Bytes(state);
            var restored = function.ReadState(bytes);
            return Bytes(restored).AsSpan().SequenceEqual(bytes)
                && Json(restored) == Json(state)
                && Bytes(Run(function, shuffled)).AsSpan().SequenceEqual(bytes);
        }).QuickCheckThrowOnFailure();
    }
}
