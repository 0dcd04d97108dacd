using System.Globalization;
using Kappa.Processor.Expressions;
using Xunit;

namespace Kappa.Processor.Tests.Expressions;

public sealed class FilterParserTests
{
    [Theory]
    [InlineData("a == 1", "(== a 1)")]
    [InlineData("a || b && c", "(|| a (&& b c))")]
    [InlineData("a && b || c", "(|| (&& a b) c)")]
    [InlineData("a && (b || c)", "(&& a (|| b c))")]
    [InlineData("a || b || c", "(|| (|| a b) c)")]
    [InlineData("a && b && c", "(&& (&& a b) c)")]
    [InlineData("!a && b", "(&& (! a) b)")]
    [InlineData("!a == 1", "(! (== a 1))")]
    [InlineData("!!a", "(! (! a))")]
    [InlineData("!(a || b)", "(! (|| a b))")]
    [InlineData("x > 1 && y <= 'z' || !(w != null)", "(|| (&& (> x 1) (<= y 'z')) (! (!= w null)))")]
    [InlineData("status in ('a', \"b\", 3, null)", "(in status 'a' \"b\" 3 null)")]
    [InlineData("((a))", "a")]
    [InlineData("customer.tier == 'gold'", "(== customer.tier 'gold')")]
    [InlineData("`order-id` >= 10", "(>= order-id 10)")]
    [InlineData("`odd``name`.x == 1", "(== odd`name.x 1)")]
    [InlineData("`true` == TRUE", "(== true TRUE)")]
    [InlineData("a==1&&b!=2", "(&& (== a 1) (!= b 2))")]
    [InlineData("a IN (1) && b == NULL", "(&& (in a 1) (== b NULL))")]
    [InlineData("-1.5e3 < a", "(< -1.5e3 a)")]
    public void Precedence_is_or_then_and_then_not_then_comparison(string filter, string tree)
    {
        Assert.Equal(tree, Render(FilterParser.Parse(filter)));
    }

    [Theory]
    [InlineData("'it\\'s'", "it's")]
    [InlineData("\"say \\\"hi\\\"\"", "say \"hi\"")]
    [InlineData("'a\\\\b'", "a\\b")]
    [InlineData("'tab\\there\\nline'", "tab\there\nline")]
    [InlineData("'\\u00e9t\\u00E9'", "été")]
    [InlineData("'\\ud83d\\ude00'", "😀")]
    [InlineData("'\"'", "\"")]
    [InlineData("\"'\"", "'")]
    [InlineData("'ünïcødé'", "ünïcødé")]
    public void String_literals_unescape(string literal, string expected)
    {
        Assert.True(Filters.Evaluate($"s == {literal}", ("s", Filters.Text(expected))));
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-12", "-12")]
    [InlineData("3.14", "3.14")]
    [InlineData("1e3", "1000")]
    [InlineData("2.5E-2", "0.025")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    public void Number_literals_are_exact_decimals(string literal, string expected)
    {
        var value = decimal.Parse(expected, CultureInfo.InvariantCulture);

        Assert.True(Filters.Evaluate($"n == {literal}", ("n", Filters.Number(value))));
    }

    [Fact]
    public void Fields_are_listed_once_in_order_of_first_appearance()
    {
        var filter = FilterExpression.Parse("b > 1 && a.x == 'q' || b < 0 || `c d` in (1) || a.x != null");

        Assert.Equal(["b", "a.x", "c d"], filter.Fields);
        Assert.Equal("b > 1 && a.x == 'q' || b < 0 || `c d` in (1) || a.x != null", filter.ToString());
    }

    [Fact]
    public void A_filter_of_constants_reads_no_fields()
    {
        var filter = FilterExpression.Parse("true && 1 < 2");

        Assert.Empty(filter.Fields);
        Assert.True(filter.Evaluate([]));
    }

    private static string Render(FilterSyntax syntax) => syntax switch
    {
        OrSyntax or => $"(|| {Render(or.Left)} {Render(or.Right)})",
        AndSyntax and => $"(&& {Render(and.Left)} {Render(and.Right)})",
        NotSyntax not => $"(! {Render(not.Operand)})",
        ComparisonSyntax c => $"({c.Operator.Symbol()} {Render(c.Left)} {Render(c.Right)})",
        InSyntax @in => $"(in {Render(@in.Operand)} {string.Join(' ', @in.Items.Select(Render))})",
        FieldSyntax field => field.Path,
        LiteralSyntax literal => literal.Text,
        _ => throw new InvalidOperationException(),
    };
}
