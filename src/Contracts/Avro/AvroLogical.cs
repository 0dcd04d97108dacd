using System.Buffers.Binary;
using System.Numerics;

namespace Kappa.Contracts.Avro;

/// <summary>
/// Conversions between logical-type values and the underlying generic values the codec reads and writes: decimals as
/// big-endian two's-complement bytes, dates as days since 1970-01-01, times as units after midnight, timestamps as
/// units since the epoch (UTC for timestamp-*, unspecified for local-timestamp-*), durations as three little-endian
/// uint32. .NET ticks are 100 ns, so nanosecond values convert to DateTime truncated to the tick.
/// </summary>
public static class AvroLogical
{
    private const long TicksPerMicrosecond = 10;

    /// <summary>Decodes a decimal's unscaled bytes with the schema's scale.</summary>
    public static AvroDecimal ToDecimal(ReadOnlySpan<byte> unscaled, int scale) =>
        new(new BigInteger(unscaled, isUnsigned: false, isBigEndian: true), scale);

    /// <summary>Encodes a decimal's unscaled value as minimal big-endian two's-complement bytes.</summary>
    public static byte[] FromDecimal(AvroDecimal value) => value.Unscaled.ToByteArray(isUnsigned: false, isBigEndian: true);

    /// <summary>Encodes a decimal as a fixed of <paramref name="size"/> bytes, sign-extended.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value needs more bytes.</exception>
    public static byte[] FromDecimal(AvroDecimal value, int size)
    {
        var minimal = FromDecimal(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimal.Length, size, nameof(size));
        var result = new byte[size];
        result.AsSpan(0, size - minimal.Length).Fill(value.Unscaled.Sign < 0 ? (byte)0xff : (byte)0);
        minimal.CopyTo(result, size - minimal.Length);
        return result;
    }

    /// <summary>Date from days since 1970-01-01.</summary>
    public static DateOnly ToDate(int days) => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + days);

    /// <summary>Days since 1970-01-01.</summary>
    public static int FromDate(DateOnly date) => date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    /// <summary>Time of day from milliseconds after midnight.</summary>
    public static TimeOnly ToTimeMillis(int milliseconds) => new(milliseconds * TimeSpan.TicksPerMillisecond);

    /// <summary>Time of day from microseconds after midnight.</summary>
    public static TimeOnly ToTimeMicros(long microseconds) => new(microseconds * TicksPerMicrosecond);

    /// <summary>Microseconds after midnight.</summary>
    public static long FromTimeMicros(TimeOnly time) => time.Ticks / TicksPerMicrosecond;

    /// <summary>A timestamp in <paramref name="unit"/> (a timestamp-* or local-timestamp-* logical type) as a DateTime.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The logical type is not a timestamp, or the value is outside DateTime's range.</exception>
    public static DateTime ToDateTime(long value, AvroLogicalType unit)
    {
        var (ticks, kind) = unit switch
        {
            AvroLogicalType.TimestampMillis => (checked(value * TimeSpan.TicksPerMillisecond), DateTimeKind.Utc),
            AvroLogicalType.TimestampMicros => (checked(value * TicksPerMicrosecond), DateTimeKind.Utc),
            AvroLogicalType.TimestampNanos => (value / 100, DateTimeKind.Utc),
            AvroLogicalType.LocalTimestampMillis => (checked(value * TimeSpan.TicksPerMillisecond), DateTimeKind.Unspecified),
            AvroLogicalType.LocalTimestampMicros => (checked(value * TicksPerMicrosecond), DateTimeKind.Unspecified),
            AvroLogicalType.LocalTimestampNanos => (value / 100, DateTimeKind.Unspecified),
            _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "not a timestamp logical type"),
        };
        return new DateTime(DateTime.UnixEpoch.Ticks + ticks, kind);
    }

    /// <summary>A DateTime as a value of the timestamp logical type <paramref name="unit"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The logical type is not a timestamp.</exception>
    public static long FromDateTime(DateTime value, AvroLogicalType unit)
    {
        var ticks = value.Ticks - DateTime.UnixEpoch.Ticks;
        return unit switch
        {
            AvroLogicalType.TimestampMillis or AvroLogicalType.LocalTimestampMillis => Math.DivRem(ticks, TimeSpan.TicksPerMillisecond).Quotient,
            AvroLogicalType.TimestampMicros or AvroLogicalType.LocalTimestampMicros => ticks / TicksPerMicrosecond,
            AvroLogicalType.TimestampNanos or AvroLogicalType.LocalTimestampNanos => checked(ticks * 100),
            _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "not a timestamp logical type"),
        };
    }

    /// <summary>A UUID from its string form or its 16 bytes (RFC 4122 big-endian order).</summary>
    public static Guid ToUuid(string text) => Guid.Parse(text);

    /// <summary>A UUID from a fixed of 16 bytes in RFC 4122 (big-endian) order.</summary>
    public static Guid ToUuid(ReadOnlySpan<byte> bytes) => new(bytes, bigEndian: true);

    /// <summary>A duration from its 12 bytes.</summary>
    /// <exception cref="ArgumentException">The span is not 12 bytes.</exception>
    public static AvroDuration ToDuration(ReadOnlySpan<byte> bytes) => bytes.Length == 12
        ? new AvroDuration(
            BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]))
        : throw new ArgumentException("a duration is 12 bytes", nameof(bytes));

    /// <summary>A duration's 12 bytes.</summary>
    public static byte[] FromDuration(AvroDuration duration)
    {
        var bytes = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, duration.Months);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), duration.Days);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), duration.Milliseconds);
        return bytes;
    }
}
