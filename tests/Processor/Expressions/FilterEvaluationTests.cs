using Kappa.Processor.Expressions;
using Xunit;

namespace Kappa.Processor.Tests.Expressions;

/// <summary>Truth tables: one filter over field x, the value x has (as written by <see cref="Filters.Value"/>), the result.</summary>
public sealed class FilterEvaluationTests
{
    [Theory]
    [InlineData("x == 5", "5", true)]
    [InlineData("x == 5", "5.00", true)]
    [InlineData("x == 5", "4", false)]
    [InlineData("x == 5", "'5'", false)]
    [InlineData("x == 5", "true", false)]
    [InlineData("x == 5", "{\"a\":5}", false)]
    [InlineData("x == 5", "missing", false)]
    [InlineData("x == 5", "null", false)]
    [InlineData("x != 5", "5", false)]
    [InlineData("x != 5", "4", true)]
    [InlineData("x != 5", "'5'", true)]
    [InlineData("x != 5", "false", true)]
    [InlineData("x != 5", "[5]", true)]
    [InlineData("x != 5", "missing", false)]
    [InlineData("x != 5", "null", false)]
    [InlineData("x > 5", "6", true)]
    [InlineData("x > 5", "5", false)]
    [InlineData("x > 5", "5.0000000001", true)]
    [InlineData("x > 5", "-6", false)]
    [InlineData("x > 5", "missing", false)]
    [InlineData("x > 5", "null", false)]
    [InlineData("x >= 5", "5", true)]
    [InlineData("x >= 5", "4.999", false)]
    [InlineData("x < 5", "4.999", true)]
    [InlineData("x < 5", "5", false)]
    [InlineData("x <= 5", "5", true)]
    [InlineData("x <= 5", "6", false)]
    [InlineData("5 < x", "6", true)]
    [InlineData("5 < x", "5", false)]
    [InlineData("x == 0.1", "0.1", true)]
    [InlineData("x > 1e20", "~1e300", true)]
    [InlineData("x < 1e20", "~1e300", false)]
    [InlineData("x == 1e20", "~1e20", true)]
    [InlineData("x == 'paid'", "'paid'", true)]
    [InlineData("x == 'paid'", "'PAID'", false)]
    [InlineData("x == 'paid'", "'paid '", false)]
    [InlineData("x == 'paid'", "1", false)]
    [InlineData("x == 'paid'", "missing", false)]
    [InlineData("x == ''", "''", true)]
    [InlineData("x != 'paid'", "'open'", true)]
    [InlineData("x < 'b'", "'a'", true)]
    [InlineData("x < 'b'", "'ab'", true)]
    [InlineData("x < 'b'", "'b'", false)]
    [InlineData("x < 'b'", "'B'", true)]
    [InlineData("x > 'B'", "'b'", true)]
    [InlineData("x > 'z'", "'é'", true)]
    [InlineData("x > 'ｚ'", "'😀'", true)]
    [InlineData("x <= ''", "''", true)]
    [InlineData("x == true", "true", true)]
    [InlineData("x == true", "false", false)]
    [InlineData("x == true", "'true'", false)]
    [InlineData("x == true", "1", false)]
    [InlineData("x != false", "true", true)]
    [InlineData("x != false", "missing", false)]
    [InlineData("x", "true", true)]
    [InlineData("x", "false", false)]
    [InlineData("x", "missing", false)]
    [InlineData("x", "null", false)]
    [InlineData("x", "'yes'", false)]
    [InlineData("x", "1", false)]
    [InlineData("!x", "missing", true)]
    [InlineData("!x", "true", false)]
    [InlineData("x == null", "missing", true)]
    [InlineData("x == null", "null", true)]
    [InlineData("x == null", "0", false)]
    [InlineData("x == null", "''", false)]
    [InlineData("x == null", "false", false)]
    [InlineData("null == x", "null", true)]
    [InlineData("x != null", "missing", false)]
    [InlineData("x != null", "null", false)]
    [InlineData("x != null", "0", true)]
    [InlineData("x != null", "{}", true)]
    [InlineData("!(x > 5)", "missing", true)]
    [InlineData("!(x > 5)", "6", false)]
    [InlineData("x in ('a', 'b')", "'a'", true)]
    [InlineData("x in ('a', 'b')", "'b'", true)]
    [InlineData("x in ('a', 'b')", "'c'", false)]
    [InlineData("x in ('a', 'b')", "missing", false)]
    [InlineData("x in ('a', null)", "missing", true)]
    [InlineData("x in ('a', null)", "null", true)]
    [InlineData("x in (1, 'a')", "1.0", true)]
    [InlineData("x in (1, 'a')", "'1'", false)]
    [InlineData("x in (true)", "true", true)]
    [InlineData("!(x in (1, 2))", "3", true)]
    [InlineData("x == 1 || x == 2", "2", true)]
    [InlineData("x > 1 && x < 3", "2", true)]
    [InlineData("x > 1 && x < 3", "3", false)]
    [InlineData("x < 1 || x > 3", "2", false)]
    [InlineData("true", "missing", true)]
    [InlineData("false || x == 1", "1", true)]
    [InlineData("1 == 1.0", "missing", true)]
    [InlineData("'a' < 'b'", "missing", true)]
    [InlineData("null == null", "missing", true)]
    [InlineData("null != null", "missing", false)]
    [InlineData("1 == 'a'", "missing", false)]
    [InlineData("1 != 'a'", "missing", true)]
    [InlineData("1 in (2, 1)", "missing", true)]
    public void Truth_table(string filter, string x, bool expected)
    {
        Assert.Equal(expected, Filters.Evaluate(filter, ("x", Filters.Value(x))));
    }

    [Theory]
    [InlineData("1", "1", "==", true)]
    [InlineData("1", "1.0", "==", true)]
    [InlineData("1", "'1'", "==", false)]
    [InlineData("1", "'1'", "!=", true)]
    [InlineData("1", "2", "<", true)]
    [InlineData("'a'", "'b'", "<", true)]
    [InlineData("true", "true", "==", true)]
    [InlineData("true", "false", "!=", true)]
    [InlineData("{\"a\":1}", "{\"a\":1}", "==", true)]
    [InlineData("{\"a\":1}", "{\"a\": 1}", "==", false)]
    [InlineData("missing", "missing", "==", false)]
    [InlineData("null", "null", "==", false)]
    [InlineData("null", "1", "!=", false)]
    [InlineData("1", "missing", "<", false)]
    [InlineData("~1e300", "~1e300", "==", true)]
    [InlineData("~1e300", "1", ">", true)]
    public void Fields_compare_with_fields(string a, string b, string op, bool expected)
    {
        Assert.Equal(expected, Filters.Evaluate($"a {op} b", ("a", Filters.Value(a)), ("b", Filters.Value(b))));
    }

    [Fact]
    public void Nested_paths_and_quoted_names_are_ordinary_fields()
    {
        var filter = FilterExpression.Parse("customer.tier == 'gold' && `order-id` > 10");

        Assert.True(Filters.Evaluate(filter, ("customer.tier", Filters.Text("gold")), ("order-id", Filters.Number(11))));
        Assert.False(Filters.Evaluate(filter, ("customer.tier", Filters.Text("gold")), ("order-id", Filters.Number(10))));
    }

    [Fact]
    public void The_example_filter_keeps_paid_orders_with_a_positive_amount()
    {
        var filter = FilterExpression.Parse("status == 'paid' && amount > 0");

        Assert.True(filter.Evaluate([Filters.Text("paid"), Filters.Number(12.5m)]));
        Assert.False(filter.Evaluate([Filters.Text("paid"), Filters.Number(0)]));
        Assert.False(filter.Evaluate([Filters.Text("open"), Filters.Number(12.5m)]));
        Assert.False(filter.Evaluate([Filters.Missing, Filters.Number(12.5m)]));
    }

    [Fact]
    public void Too_few_values_is_an_argument_error()
    {
        var filter = FilterExpression.Parse("a == 1 && b == 2");

        Assert.Throws<ArgumentException>(() => filter.Evaluate([Filters.Number(1)]));
    }

    [Fact]
    public void Evaluation_does_not_allocate()
    {
        var filter = FilterExpression.Parse("status in ('paid', 'shipped') && amount > 0.5 && customer.tier != null && (flag || note < 'zzz') && !(x == 1e20)");
        var values = new[] { Filters.Text("paid"), Filters.Number(12.5m), Filters.Text("gold"), Filters.Bool(false), Filters.Text("abc"), Filters.Value("~2") };
        var result = false;
        for (var i = 0; i < 100; i++)
        {
            result ^= filter.Evaluate(values);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            result ^= filter.Evaluate(values);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.False(result);
    }
}
