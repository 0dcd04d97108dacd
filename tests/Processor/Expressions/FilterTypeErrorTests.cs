using Kappa.Processor.Events;
using Kappa.Processor.Expressions;
using Xunit;

namespace Kappa.Processor.Tests.Expressions;

public sealed class FilterTypeErrorTests
{
    [Theory]
    [InlineData("x > 5", "'abc'", FieldKind.Text, "field 'x' is a string, which '>' cannot compare with number 5 (filter \"x > 5\", column 3)")]
    [InlineData("x <= 'm'", "7", FieldKind.Number, "field 'x' is a number, which '<=' cannot compare with string 'm' (filter \"x <= 'm'\", column 3)")]
    [InlineData("5 < x", "'abc'", FieldKind.Text, "field 'x' is a string, which '<' cannot compare with number 5 (filter \"5 < x\", column 3)")]
    [InlineData("x < 5", "true", FieldKind.Boolean, "field 'x' is a boolean, which has no order for '<' (filter \"x < 5\", column 3)")]
    [InlineData("x >= 'a'", "{\"a\":1}", FieldKind.Composite, "field 'x' is an object or array, which has no order for '>=' (filter \"x >= 'a'\", column 3)")]
    [InlineData("x > 5", "[1,2]", FieldKind.Composite, "field 'x' is an object or array, which has no order for '>' (filter \"x > 5\", column 3)")]
    public void Ordering_values_of_different_kinds_is_a_type_error_naming_field_kind_and_filter(string filter, string x, FieldKind kind, string message)
    {
        var error = Assert.Throws<FilterTypeException>(() => Filters.Evaluate(filter, ("x", Filters.Value(x))));

        Assert.Equal("x", error.Field);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(filter, error.Expression);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("1", "'1'", "a", FieldKind.Number, "field 'a' is a number, which '<' cannot compare with field 'b' (a string) (filter \"a < b\", column 3)")]
    [InlineData("'1'", "1", "a", FieldKind.Text, "field 'a' is a string, which '<' cannot compare with field 'b' (a number) (filter \"a < b\", column 3)")]
    [InlineData("true", "false", "a", FieldKind.Boolean, "field 'a' is a boolean, which has no order for '<' (filter \"a < b\", column 3)")]
    [InlineData("1", "true", "b", FieldKind.Boolean, "field 'b' is a boolean, which has no order for '<' (filter \"a < b\", column 3)")]
    public void Comparing_two_fields_blames_the_one_without_an_order(string a, string b, string field, FieldKind kind, string message)
    {
        var error = Assert.Throws<FilterTypeException>(() => Filters.Evaluate("a < b", ("a", Filters.Value(a)), ("b", Filters.Value(b))));

        Assert.Equal(field, error.Field);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("x", "'5'")]
    [InlineData("x", "true")]
    [InlineData("x", "missing")]
    [InlineData("x", "null")]
    public void Equality_never_raises_a_type_error(string field, string value)
    {
        Assert.False(Filters.Evaluate("x == 5 || x in (1, 2) || x == 'no' && x != 5", (field, Filters.Value(value))));
    }

    [Fact]
    public void A_comparison_skipped_by_short_circuit_raises_nothing()
    {
        Assert.False(Filters.Evaluate("kind == 'n' && value > 3", ("kind", Filters.Text("s")), ("value", Filters.Text("abc"))));
        Assert.True(Filters.Evaluate("kind == 's' || value > 3", ("kind", Filters.Text("s")), ("value", Filters.Text("abc"))));
        Assert.Throws<FilterTypeException>(() => Filters.Evaluate("kind == 's' && value > 3", ("kind", Filters.Text("s")), ("value", Filters.Text("abc"))));
    }
}
