using System.Numerics;
using Kappa.Contracts.Avro;
using Xunit;

namespace Kappa.Contracts.Tests.Avro;

/// <summary>Logical-type conversions, including those python3-avro 1.11 cannot check (nanos, local timestamps, duration).</summary>
public sealed class AvroLogicalTests
{
    [Theory]
    [InlineData("00", 2, "0.00")]
    [InlineData("ff", 2, "-0.01")]
    [InlineData("3039", 2, "123.45")]
    [InlineData("80", 0, "-128")]
    [InlineData("00ff", 3, "0.255")]
    public void Decimals_decode_from_big_endian_twos_complement(string hex, int scale, string expected)
    {
        var value = AvroLogical.ToDecimal(Convert.FromHexString(hex), scale);

        Assert.Equal(expected, value.ToString());
        Assert.Equal(value, AvroLogical.ToDecimal(AvroLogical.FromDecimal(value), scale));
        Assert.Equal(value, AvroLogical.ToDecimal(AvroLogical.FromDecimal(value, 8), scale));
    }

    [Fact]
    public void Decimals_convert_to_system_decimal()
    {
        Assert.Equal(-12.345m, new AvroDecimal(new BigInteger(-12345), 3).ToDecimal());
    }

    [Fact]
    public void Timestamps_convert_in_every_unit()
    {
        var at = new DateTime(2024, 5, 6, 7, 8, 9, 123, 456, DateTimeKind.Utc).AddTicks(7);

        Assert.Equal(1714979289123L, AvroLogical.FromDateTime(at, AvroLogicalType.TimestampMillis));
        Assert.Equal(1714979289123456L, AvroLogical.FromDateTime(at, AvroLogicalType.TimestampMicros));
        Assert.Equal(1714979289123456700L, AvroLogical.FromDateTime(at, AvroLogicalType.TimestampNanos));
        Assert.Equal(at, AvroLogical.ToDateTime(1714979289123456700L, AvroLogicalType.TimestampNanos));
        Assert.Equal(DateTimeKind.Unspecified, AvroLogical.ToDateTime(0, AvroLogicalType.LocalTimestampMicros).Kind);
        Assert.Equal(new DateTime(1969, 12, 31, 23, 59, 59, 999), AvroLogical.ToDateTime(-1, AvroLogicalType.LocalTimestampMillis));
        Assert.Equal(-1, AvroLogical.FromDateTime(new DateTime(1969, 12, 31, 23, 59, 59, 999), AvroLogicalType.LocalTimestampMillis));
    }

    [Fact]
    public void Dates_times_uuids_and_durations_convert()
    {
        Assert.Equal(new DateOnly(2024, 2, 29), AvroLogical.ToDate(19782));
        Assert.Equal(-1, AvroLogical.FromDate(new DateOnly(1969, 12, 31)));
        Assert.Equal(new TimeOnly(23, 59, 59, 999), AvroLogical.ToTimeMillis(86_399_999));
        Assert.Equal(45_296_123_456L, AvroLogical.FromTimeMicros(AvroLogical.ToTimeMicros(45_296_123_456L)));
        Assert.Equal(
            Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"),
            AvroLogical.ToUuid(Convert.FromHexString("00112233445566778899aabbccddeeff")));
        var duration = new AvroDuration(1, 2, 3);
        Assert.Equal("010000000200000003000000", Convert.ToHexStringLower(AvroLogical.FromDuration(duration)));
        Assert.Equal(duration, AvroLogical.ToDuration(AvroLogical.FromDuration(duration)));
    }
}
