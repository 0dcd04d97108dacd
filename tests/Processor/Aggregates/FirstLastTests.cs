using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;
using Xunit;
using static Kappa.Processor.Tests.Aggregates.AggregateHarness;

namespace Kappa.Processor.Tests.Aggregates;

public sealed class FirstLastTests
{
    [Fact]
    public void First_and_last_follow_event_time_then_partition_then_offset()
    {
        Prop.ForAll(AggregateGenerators.Inputs(AggregateGenerators.AnyValues).ToArbitrary(), inputs =>
        {
            var present = inputs.Where(i => !i.Value.IsMissingOrNull)
                .OrderBy(i => i.Position.EventTime).ThenBy(i => i.Position.Partition).ThenBy(i => i.Position.Offset)
                .ToList();
            var expectedFirst = present.Count == 0 ? "null" : Json(RunValues(Create("first", "x"), [present[0].Value]));
            var expectedLast = present.Count == 0 ? "null" : Json(RunValues(Create("first", "x"), [present[^1].Value]));
            return Json(Run(Create("first", "x"), inputs)) == expectedFirst && Json(Run(Create("last", "x"), inputs)) == expectedLast;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Event_time_ties_go_to_the_lower_partition_then_the_lower_offset()
    {
        Input[] inputs =
        [
            At(Text("p1-o0"), 100, partition: 1, offset: 0),
            At(Text("p0-o7"), 100, partition: 0, offset: 7),
            At(Text("p0-o5"), 100, partition: 0, offset: 5),
            At(Text("p2-o9"), 100, partition: 2, offset: 9),
            At(Text("p2-o3"), 100, partition: 2, offset: 3),
        ];

        Assert.Equal("\"p0-o5\"", Json(Run(Create("first", "x"), inputs)));
        Assert.Equal("\"p2-o9\"", Json(Run(Create("last", "x"), inputs)));
        Assert.Equal("\"p0-o5\"", Json(Run(Create("first", "x"), inputs.Reverse())));
        Assert.Equal("\"p2-o9\"", Json(Run(Create("last", "x"), inputs.Reverse())));
    }

    [Fact]
    public void Event_time_decides_before_partition()
    {
        Input[] inputs = [At(Number(1), 200, partition: 0), At(Number(2), 100, partition: 5)];

        Assert.Equal("2", Json(Run(Create("first", "x"), inputs)));
        Assert.Equal("1", Json(Run(Create("last", "x"), inputs)));
    }

    [Fact]
    public void Values_of_every_kind_are_kept_as_they_came()
    {
        Assert.Equal("true", Json(RunValues(Create("first", "x"), [FieldValue.FromBoolean(true)])));
        Assert.Equal("{\"a\": [1, 2]}", Json(RunValues(Create("first", "x"), [Composite("{\"a\": [1, 2]}")])));
        Assert.Equal("1E+30", Json(RunValues(Create("first", "x"), [FieldValue.FromDouble(1e30)])));
        Assert.Equal("2.5", Json(RunValues(Create("last", "x"), [Number(1), Number(2.50m)])));
    }

    [Fact]
    public void Null_and_missing_are_skipped()
    {
        Input[] inputs = [At(FieldValue.NullValue, 1), At(Number(7), 2), At(FieldValue.Missing, 3)];

        Assert.Equal("7", Json(Run(Create("first", "x"), inputs)));
        Assert.Equal("7", Json(Run(Create("last", "x"), inputs)));
        Assert.Equal("null", Json(Create("last", "x").CreateState()));
    }

    [Fact]
    public void Event_positions_order_by_time_partition_offset()
    {
        var positions = new[] { new EventPosition(2, 0, 0), new EventPosition(1, 3, 0), new EventPosition(1, 0, 9), new EventPosition(1, 0, 2) };

        Assert.Equal(
            [new EventPosition(1, 0, 2), new EventPosition(1, 0, 9), new EventPosition(1, 3, 0), new EventPosition(2, 0, 0)],
            positions.Order().ToArray());
        Assert.True(new EventPosition(1, 0, 2) < new EventPosition(1, 0, 3));
        Assert.True(new EventPosition(1, 1, 0) >= new EventPosition(1, 0, 3));
    }
}
