using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;
using Xunit;
using static Kappa.Processor.Tests.Aggregates.AggregateHarness;

namespace Kappa.Processor.Tests.Aggregates;

/// <summary>A user-written aggregate goes through the same interfaces and keeps the same promises as the built-ins.</summary>
public sealed class CustomAggregateTests
{
    private static readonly Gen<FieldValue> Pages = Gen.Elements("/", "/cart", "/checkout", "/help", "/product/1", "/product/2").Select(Text);

    [Fact]
    public void Pages_are_listed_once_in_order_of_first_view()
    {
        var function = new DistinctPagesInOrder("journey", "page");
        Input[] views =
        [
            At(Text("/cart"), 30),
            At(Text("/"), 10),
            At(Text("/product/1"), 20),
            At(Text("/"), 40),
            At(FieldValue.Missing, 5),
            At(Text("/product/1"), 25),
        ];

        Assert.Equal("[\"/\",\"/product/1\",\"/cart\"]", Json(Run(function, views)));
    }

    [Fact]
    public void The_custom_aggregate_merges_order_free() => MergeTests.MergeProperty(new DistinctPagesInOrder("journey", "page"), Pages);

    [Fact]
    public void The_custom_aggregate_round_trips_and_ignores_arrival_order()
    {
        var function = new DistinctPagesInOrder("journey", "page");
        var inputsAndShuffle = from inputs in AggregateGenerators.Inputs(Pages)
                               from shuffled in Gen.Shuffle<Input>(inputs)
                               select Tuple.Create(inputs, shuffled);

        Prop.ForAll(inputsAndShuffle.ToArbitrary(), pair =>
        {
            var state = Run(function, pair.Item1);
            var bytes = Bytes(state);
            return Bytes(function.ReadState(bytes)).AsSpan().SequenceEqual(bytes)
                && Bytes(Run(function, pair.Item2)).AsSpan().SequenceEqual(bytes);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_custom_aggregate_rejects_bad_input_like_a_built_in()
    {
        var state = new DistinctPagesInOrder("journey", "page").CreateState();

        var error = Assert.Throws<AggregateInputException>(() => state.Add(Number(4), default));

        Assert.Equal("pages", error.AggregateName);
    }
}
