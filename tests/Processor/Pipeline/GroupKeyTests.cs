using System.Text;
using Kappa.Processor.Events;
using Kappa.Processor.Pipeline;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

public sealed class GroupKeyTests
{
    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void A_number_that_is_not_finite_is_refused_with_a_reason(double value, string spelled)
    {
        var ok = new GroupKey().TryBuild([FieldValue.FromDouble(value)], ["k"], out _, out var error);

        Assert.False(ok);
        Assert.Equal($"key field 'k' is {spelled}, not a finite number", error);
    }

    [Fact]
    public void Several_fields_make_a_json_array_and_one_text_field_its_text()
    {
        var group = new GroupKey();

        Assert.True(group.TryBuild([FieldValue.FromUtf8("EU"u8.ToArray()), FieldValue.FromNumber(1.50m)], ["region", "tier"], out var key, out _));
        Assert.Equal("""["EU",1.5]""", Encoding.UTF8.GetString(key));
        Assert.True(group.TryBuild([FieldValue.FromUtf8("EU"u8.ToArray())], ["region"], out key, out _));
        Assert.Equal("EU", Encoding.UTF8.GetString(key));
    }
}
