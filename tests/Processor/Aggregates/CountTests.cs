using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Events;
using Xunit;
using static Kappa.Processor.Tests.Aggregates.AggregateHarness;

namespace Kappa.Processor.Tests.Aggregates;

public sealed class CountTests
{
    [Fact]
    public void Count_without_a_field_counts_every_event_including_null_and_missing()
    {
        Prop.ForAll(AggregateGenerators.Inputs(AggregateGenerators.AnyValues).ToArbitrary(), inputs =>
            Json(Run(Create("count"), inputs)) == inputs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Count_of_a_field_counts_events_where_it_is_present_and_not_null()
    {
        Prop.ForAll(AggregateGenerators.Inputs(AggregateGenerators.AnyValues).ToArbitrary(), inputs =>
            Json(Run(Create("count", "x"), inputs)) == inputs.Count(i => !i.Value.IsMissingOrNull).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Count_before_any_input_is_zero()
    {
        Assert.Equal("0", Json(Create("count").CreateState()));
        Assert.Equal("0", Json(RunValues(Create("count", "x"), [FieldValue.NullValue, FieldValue.Missing])));
    }
}
