using Kappa.Contracts.Definitions;
using Xunit;

namespace Kappa.Contracts.Tests.Definitions;

public sealed class ViewDefinitionLoaderTests
{
    private const string File = "views/orders.yaml";

    private static SourceLocation At(int line, int column) => new(File, line, column);

    [Fact]
    public void A_full_definition_round_trips_into_the_expected_spec()
    {
        const string yaml = """
            view: orders_by_region_daily
            source: orders
            format: json
            time: { field: ts, timezone: Europe/Berlin, max-disorder: 5m, grace: 1h }
            filter: "status == 'paid' && amount > 0"
            key: [region, customer.tier]
            window: { calendar: week, week-start: sunday }
            aggregates:
              orders: count()
              revenue: sum(amount)
              avg_basket: avg(amount)
              buyers: count_distinct(customer_id)
              biggest: max(amount)
              largest: top( amount , 5 )
            emit: on-close
            """;

        var view = Assert.Single(ViewDefinitionLoader.Parse(yaml, File));

        var expected = new ViewSpec(
            "orders_by_region_daily",
            "orders",
            SourceFormat.Json,
            new TimeSpec("ts", "Europe/Berlin", TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), At(4, 7), At(4, 30)),
            "status == 'paid' && amount > 0",
            At(5, 10),
            ["region", "customer.tier"],
            new CalendarWindowSpec(CalendarUnit.Week, DayOfWeek.Sunday, At(7, 9)),
            [
                new AggregateSpec("orders", AggregateFunction.Count, [], At(9, 3)),
                new AggregateSpec("revenue", AggregateFunction.Sum, ["amount"], At(10, 3)),
                new AggregateSpec("avg_basket", AggregateFunction.Avg, ["amount"], At(11, 3)),
                new AggregateSpec("buyers", AggregateFunction.CountDistinct, ["customer_id"], At(12, 3)),
                new AggregateSpec("biggest", AggregateFunction.Max, ["amount"], At(13, 3)),
                new AggregateSpec("largest", AggregateFunction.Top, ["amount", "5"], At(14, 3)),
            ],
            EmitMode.OnClose,
            At(1, 1));
        Assert.Equal(expected, view);
        Assert.Equal(expected.GetHashCode(), view.GetHashCode());
    }

    [Fact]
    public void An_avro_source_may_name_its_schema_subject()
    {
        const string yaml = """
            view: bids
            source: bids
            format: avro
            schema: bids-value
            window: { tumbling: 1m }
            aggregates: { n: count() }
            """;

        var view = Assert.Single(ViewDefinitionLoader.Parse(yaml, File));

        Assert.Equal((SourceFormat.Avro, "bids-value", At(4, 9)), (view.Format, view.SchemaSubject, view.SchemaLocation));
        Assert.NotEqual(view, view with { SchemaSubject = null });
    }

    [Fact]
    public void Optional_keys_take_their_documented_defaults()
    {
        const string yaml = """
            view: events_hourly
            source: events
            window: { tumbling: 1h }
            aggregates: { events: count() }
            """;

        var view = Assert.Single(ViewDefinitionLoader.Parse(yaml, File));

        Assert.Equal(SourceFormat.Json, view.Format);
        Assert.Equal(new TimeSpec(null, null, TimeSpan.Zero, TimeSpan.Zero, At(1, 1)), view.Time);
        Assert.Null(view.Filter);
        Assert.Null(view.FilterLocation);
        Assert.Empty(view.Key);
        Assert.Equal(new TumblingWindowSpec(TimeSpan.FromHours(1), At(3, 9)), view.Window);
        Assert.Equal(EmitMode.OnUpdate, view.Emit);
    }

    [Fact]
    public void Grace_without_max_disorder_leaves_max_disorder_zero_and_zero_is_accepted()
    {
        const string yaml = """
            view: v
            source: s
            time: { grace: 0, max-disorder: 0s }
            window: { sliding: 10m }
            aggregates: { n: count() }
            """;

        var time = Assert.Single(ViewDefinitionLoader.Parse(yaml, File)).Time;

        Assert.Equal(TimeSpan.Zero, time.Grace);
        Assert.Equal(TimeSpan.Zero, time.MaxDisorder);
    }

    [Theory]
    [InlineData("{ tumbling: 90s }", WindowKind.Tumbling)]
    [InlineData("{ hopping: { size: 10m, advance: 1m } }", WindowKind.Hopping)]
    [InlineData("{ hopping: { size: 10m, advance: 10m } }", WindowKind.Hopping)]
    [InlineData("{ sliding: 1h30m }", WindowKind.Sliding)]
    [InlineData("{ session: { gap: 30m } }", WindowKind.Session)]
    [InlineData("{ calendar: month }", WindowKind.Calendar)]
    public void Every_window_shape_is_read(string window, WindowKind kind)
    {
        var yaml = $"view: v\nsource: s\nwindow: {window}\naggregates: {{ n: count() }}\n";

        var spec = Assert.Single(ViewDefinitionLoader.Parse(yaml, File)).Window;

        Assert.Equal(kind, spec.Kind);
    }

    [Fact]
    public void Window_parameters_are_durations()
    {
        var hopping = Window("{ hopping: { size: 10m, advance: 1m } }");
        var session = Window("{ session: { gap: 30m } }");
        var sliding = Window("{ sliding: 1h30m }");

        Assert.Equal(new HoppingWindowSpec(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), At(3, 9)), hopping);
        Assert.Equal(new SessionWindowSpec(TimeSpan.FromMinutes(30), At(3, 9)), session);
        Assert.Equal(new SlidingWindowSpec(TimeSpan.FromMinutes(90), At(3, 9)), sliding);
    }

    [Theory]
    [InlineData("hour", CalendarUnit.Hour, null)]
    [InlineData("day", CalendarUnit.Day, null)]
    [InlineData("week", CalendarUnit.Week, DayOfWeek.Monday)]
    [InlineData("month", CalendarUnit.Month, null)]
    public void Calendar_windows_start_weeks_on_monday_unless_told(string unit, CalendarUnit expected, DayOfWeek? weekStart)
    {
        var window = Assert.IsType<CalendarWindowSpec>(Window($"{{ calendar: {unit} }}"));

        Assert.Equal(expected, window.Unit);
        Assert.Equal(weekStart, window.WeekStart);
    }

    [Fact]
    public void A_single_key_field_may_be_written_without_a_list()
    {
        var yaml = "view: v\nsource: s\nkey: customer.region\nwindow: { tumbling: 1h }\naggregates: { n: count() }\n";

        Assert.Equal(["customer.region"], Assert.Single(ViewDefinitionLoader.Parse(yaml, File)).Key);
    }

    [Fact]
    public void Aggregates_keep_the_order_written()
    {
        var yaml = "view: v\nsource: s\nwindow: { tumbling: 1h }\naggregates: { z: count(), a: min(x), m: max(x), b: sum(x) }\n";

        var names = Assert.Single(ViewDefinitionLoader.Parse(yaml, File)).Aggregates.Select(a => a.OutputName);

        Assert.Equal(["z", "a", "m", "b"], names);
    }

    [Fact]
    public void Count_of_a_field_is_allowed()
    {
        var yaml = "view: v\nsource: s\nwindow: { tumbling: 1h }\naggregates: { with_email: count(email) }\n";

        var aggregate = Assert.Single(Assert.Single(ViewDefinitionLoader.Parse(yaml, File)).Aggregates);

        Assert.Equal(new AggregateSpec("with_email", AggregateFunction.Count, ["email"], At(4, 15)), aggregate);
        Assert.Equal("with_email: count(email)", aggregate.ToString());
    }

    [Fact]
    public void A_file_holds_several_views_as_yaml_documents()
    {
        const string yaml = """
            view: first
            source: a
            window: { tumbling: 1m }
            aggregates: { n: count() }
            ---
            view: second
            source: b
            window: { tumbling: 1m }
            aggregates: { n: count() }
            ---
            """;

        var views = ViewDefinitionLoader.Parse(yaml, File);

        Assert.Equal(["first", "second"], views.Select(v => v.Name));
        Assert.Equal(At(6, 1), views[1].Location);
    }

    [Fact]
    public void Quoted_filters_point_past_the_quote()
    {
        var yaml = "view: v\nsource: s\nfilter: 'a > 1'\nwindow: { tumbling: 1h }\naggregates: { n: count() }\n";

        var view = Assert.Single(ViewDefinitionLoader.Parse(yaml, File));

        Assert.Equal(At(3, 10), view.FilterLocation);
        Assert.Equal(At(3, 14), view.FilterLocation!.AddColumns(4));
    }

    [Fact]
    public void Aliases_reuse_anchored_values()
    {
        var yaml = "view: v\nsource: s\ntime:\n  grace: &late 10m\n  max-disorder: *late\nwindow: { tumbling: 1h }\naggregates: { n: count() }\n";

        var time = Assert.Single(ViewDefinitionLoader.Parse(yaml, File)).Time;

        Assert.Equal(TimeSpan.FromMinutes(10), time.Grace);
        Assert.Equal(TimeSpan.FromMinutes(10), time.MaxDisorder);
    }

    [Fact]
    public void Specs_compare_lists_by_content()
    {
        var yaml = "view: v\nsource: s\nkey: [a, b]\nwindow: { tumbling: 1h }\naggregates: { n: 'top(x, 3)' }\n";

        var first = Assert.Single(ViewDefinitionLoader.Parse(yaml, File));
        var second = Assert.Single(ViewDefinitionLoader.Parse(yaml, File));

        Assert.Equal(first, second);
        Assert.NotEqual(first, second with { Key = ["a"] });
    }

    private static WindowSpec Window(string window)
    {
        var yaml = $"view: v\nsource: s\nwindow: {window}\naggregates: {{ n: count() }}\n";
        return Assert.Single(ViewDefinitionLoader.Parse(yaml, File)).Window;
    }
}
