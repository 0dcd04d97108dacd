using Kappa.Processor.Expressions;
using Xunit;

namespace Kappa.Processor.Tests.Expressions;

public sealed class FilterSyntaxErrorTests
{
    [Theory]
    [InlineData("(a == 1", 8, "expected ')' at column 8, found end of filter")]
    [InlineData("(a == 1))", 9, "expected '&&', '||' or the end of the filter at column 9, found ')'")]
    [InlineData("a == (1)", 6, "expected a field or a value after '==' at column 6, found '('")]
    [InlineData("a ==", 5, "expected a field or a value after '==' at column 5, found end of filter")]
    [InlineData("!", 2, "expected a field, a value, '!' or '(' at column 2, found end of filter")]
    [InlineData("a == 1 b", 8, "expected '&&', '||' or the end of the filter at column 8, found field 'b'")]
    [InlineData("a == 1 && && b", 11, "expected a field, a value, '!' or '(' at column 11, found '&&'")]
    [InlineData("a < b < c", 7, "comparisons do not chain; join them with '&&' at column 7, found '<'")]
    [InlineData("a = 1", 3, "expected '==' to compare at column 3, found '='")]
    [InlineData("a & b", 3, "expected '&&' at column 3, found '&'")]
    [InlineData("a | b", 3, "expected '||' at column 3, found '|'")]
    [InlineData("a == #", 6, "unexpected character '#' at column 6")]
    [InlineData("a == 'open", 6, "unterminated string at column 6")]
    [InlineData("a == 'x\\q'", 8, "invalid escape '\\q'; use \\\\, \\', \\\", \\n, \\r, \\t or \\uXXXX at column 8")]
    [InlineData("a == 'x\\u12'", 8, "invalid escape '\\u'; use \\\\, \\', \\\", \\n, \\r, \\t or \\uXXXX at column 8")]
    [InlineData("a == 'x\\", 6, "unterminated string at column 6")]
    [InlineData("a == '\\ud800'", 6, "string holds an unpaired surrogate escape at column 6")]
    [InlineData("a == 1.2.3", 6, "malformed number at column 6, found '1.2.'")]
    [InlineData("a == 12abc", 6, "malformed number at column 6, found '12a'")]
    [InlineData("a == 1e", 6, "malformed number at column 6")]
    [InlineData("a == 1e999", 6, "number out of range (literals must fit a decimal: 28 significant digits, up to 7.9e28) at column 6, found 1e999")]
    [InlineData("", 1, "the filter is empty at column 1")]
    [InlineData("   ", 1, "the filter is empty at column 1")]
    [InlineData("a and b", 3, "use '&&' instead of 'and' (write `and` for a field of that name) at column 3")]
    [InlineData("a == 1 OR b == 2", 8, "use '||' instead of 'OR' (write `OR` for a field of that name) at column 8")]
    [InlineData("not a", 1, "use '!' instead of 'not' (write `not` for a field of that name) at column 1")]
    [InlineData("a. == 1", 3, "expected a field name after '.' at column 3, found ' '")]
    [InlineData("a.1 == 1", 3, "expected a field name after '.' at column 3, found '1'")]
    [InlineData("`a.b` == 1", 3, "a quoted field name cannot contain '.'; quote each part: `a`.`b` at column 3")]
    [InlineData("`` == 1", 1, "empty quoted field name at column 1")]
    [InlineData("`abc == 1", 1, "unterminated quoted field name at column 1")]
    [InlineData("a in 1", 6, "expected '(' after 'in' at column 6, found number 1")]
    [InlineData("a in ()", 7, "expected a value at column 7, found ')'")]
    [InlineData("a in (1 2)", 9, "expected ',' or ')' at column 9, found number 2")]
    [InlineData("a in (b)", 7, "'in' lists values only, not fields at column 7")]
    public void Malformed_filters_report_the_column(string filter, int column, string message)
    {
        var error = Assert.Throws<FilterSyntaxException>(() => FilterExpression.Parse(filter));

        Assert.Equal(column, error.Column);
        Assert.Equal(message, error.Message);
        Assert.Equal(filter, error.Expression);
    }

    [Theory]
    [InlineData("a < null", 5, "'<' cannot compare with null; use == null or != null at column 5")]
    [InlineData("null >= a", 1, "'>=' cannot compare with null; use == null or != null at column 1")]
    [InlineData("a >= true", 6, "'>=' cannot order booleans; use == or != at column 6")]
    [InlineData("1 < 'a'", 3, "'<' cannot compare a number with a string at column 3")]
    [InlineData("'paid'", 1, "a string alone is not a condition; compare it, e.g. status == 'paid' at column 1")]
    [InlineData("a == 1 && 5", 11, "a number alone is not a condition; compare it, e.g. status == 'paid' at column 11")]
    [InlineData("null", 1, "a null alone is not a condition; compare it, e.g. status == 'paid' at column 1")]
    public void Comparisons_that_can_never_work_are_rejected_at_parse_time(string filter, int column, string message)
    {
        var error = Assert.Throws<FilterSyntaxException>(() => FilterExpression.Parse(filter));

        Assert.Equal(column, error.Column);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void The_caret_points_at_the_column()
    {
        var error = Assert.Throws<FilterSyntaxException>(() => FilterExpression.Parse("status == 'paid' && (amount > 0"));

        Assert.Equal("expected ')'", error.Reason);
        Assert.Equal("status == 'paid' && (amount > 0\n                               ^", error.Caret);
    }
}
