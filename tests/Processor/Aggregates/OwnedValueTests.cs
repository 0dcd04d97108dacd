using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;
using Xunit;

namespace Kappa.Processor.Tests.Aggregates;

public sealed class OwnedValueTests
{
    [Fact]
    public void An_exact_number_is_kept_as_its_decimal_alone()
    {
        var kept = new OwnedValue();

        kept.Set(FieldValue.FromNumber(12.34m));

        Assert.False(kept.IsApproximate);
        Assert.Equal(12.34m, kept.Number);
        Assert.Equal(0d, kept.Double);
        Assert.Equal(12.34m, kept.AsFieldValue().Number);
        Assert.Equal(12.34d, kept.AsFieldValue().AsDouble);
    }

    [Fact]
    public void An_approximate_number_is_kept_as_its_double()
    {
        var kept = new OwnedValue();
        kept.Set(FieldValue.FromNumber(1m));

        kept.Set(FieldValue.FromDouble(1e300));
        var copy = new OwnedValue();
        copy.Set(kept);

        Assert.True(copy.IsApproximate);
        Assert.Equal(1e300, copy.Double);
        Assert.Equal(1e300, copy.AsFieldValue().AsDouble);
        Assert.True(copy.AsFieldValue().IsApproximate);
    }
}
