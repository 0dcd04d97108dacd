using Kappa.Processor.Aggregates;
using Xunit;

namespace Kappa.Processor.Tests.Aggregates;

public sealed class AggregateFactoryTests
{
    [Theory]
    [InlineData("count", new string[0], null, "count(): number of events")]
    [InlineData("count", new[] { "order_id" }, "order_id", "count(order_id): number of events where order_id is present and not null")]
    [InlineData("sum", new[] { "amount" }, "amount", "sum(amount): exact decimal sum (an input error rather than rounding beyond 28 significant digits)")]
    [InlineData("AVG", new[] { "amount" }, "amount", "avg(amount): exact sum / count, rounded half to even at decimal precision (28-29 significant digits)")]
    [InlineData("min", new[] { "price" }, "price", "min(price): smallest number, or first string in UTF-8 byte order")]
    [InlineData("max", new[] { "price" }, "price", "max(price): largest number, or last string in UTF-8 byte order")]
    [InlineData("first", new[] { "page" }, "page", "first(page): value at the earliest event time; ties by partition, then offset")]
    [InlineData("last", new[] { "page" }, "page", "last(page): value at the latest event time; ties by partition, then offset")]
    [InlineData("count_distinct", new[] { "customer_id" }, "customer_id", "count_distinct(customer_id): exact up to 10000 values, then HyperLogLog p=14 (standard error 0.81%)")]
    [InlineData("count_distinct", new[] { "customer_id", "500" }, "customer_id", "count_distinct(customer_id, 500): exact up to 500 values, then HyperLogLog p=14 (standard error 0.81%)")]
    [InlineData("count_distinct", new[] { "customer_id", "0" }, "customer_id", "count_distinct(customer_id, 0): HyperLogLog p=14 (standard error 0.81%)")]
    [InlineData("top", new[] { "amount", "5" }, "amount", "top(amount, 5): the 5 largest values, largest first, duplicates kept; numbers, or strings in UTF-8 byte order")]
    public void Built_ins_describe_themselves_and_name_their_input(string function, string[] arguments, string? inputField, string description)
    {
        var aggregate = AggregateFactory.Create("column", function, arguments);

        Assert.Equal("column", aggregate.Name);
        Assert.Equal(inputField, aggregate.InputField);
        Assert.Equal(description, aggregate.Description);
    }

    [Fact]
    public void An_unknown_function_lists_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => AggregateFactory.Create("x", "median", ["a"]));

        Assert.Contains("unknown function 'median'", error.Message, StringComparison.Ordinal);
        Assert.Contains("count_distinct", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("count", new[] { "a", "b" })]
    [InlineData("sum", new string[0])]
    [InlineData("sum", new[] { "a", "b" })]
    [InlineData("min", new string[0])]
    [InlineData("first", new[] { "a", "b" })]
    [InlineData("top", new[] { "a" })]
    [InlineData("top", new[] { "a", "1", "2" })]
    [InlineData("count_distinct", new string[0])]
    [InlineData("count_distinct", new[] { "a", "1", "2" })]
    public void A_wrong_number_of_arguments_is_an_argument_error(string function, string[] arguments)
    {
        var error = Assert.Throws<ArgumentException>(() => AggregateFactory.Create("x", function, arguments));

        Assert.Contains("expected", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+3")]
    [InlineData("three")]
    [InlineData("1.5")]
    [InlineData("1001")]
    [InlineData("")]
    public void A_bad_n_for_top_is_an_argument_error(string n)
    {
        var error = Assert.Throws<ArgumentException>(() => AggregateFactory.Create("x", "top", ["a", n]));

        Assert.Contains("n must be an integer from 1 to 1000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1000001")]
    [InlineData("lots")]
    public void A_bad_exact_limit_for_count_distinct_is_an_argument_error(string limit)
    {
        Assert.Throws<ArgumentException>(() => AggregateFactory.Create("x", "count_distinct", ["a", limit]));
    }

    [Fact]
    public void Blank_names_are_argument_errors()
    {
        Assert.ThrowsAny<ArgumentException>(() => AggregateFactory.Create(" ", "count", []));
        Assert.ThrowsAny<ArgumentException>(() => AggregateFactory.Create("x", "", []));
        Assert.ThrowsAny<ArgumentException>(() => AggregateFactory.Create("x", "sum", [" "]));
    }
}
