using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Numerics;
using Kappa.Contracts.Avro;

namespace Kappa.Processor.Events.Avro;

/// <summary>
/// Avro values as <see cref="FieldValue"/>s, the way the same event would read as JSON (the JSON that
/// <c>kappa produce --format avro</c> takes): numbers exact, floating point as the number its shortest text denotes,
/// dates as <c>yyyy-MM-dd</c>, bytes as base64. Text that is not a slice of the input goes to the arena.
/// </summary>
internal static class AvroFieldValues
{
    private const int UnixEpochDayNumber = 719_162;
    private static readonly UInt128 DecimalLimit = UInt128.One << 96;

    /// <summary>
    /// A double as the number its shortest round-trip text denotes, as a JSON reader reads that text: approximate when
    /// too large for a decimal, rounded to 28 decimal places when too small (5E-324 reads as 0, as in JSON).
    /// </summary>
    public static FieldValue Double(double value)
    {
        if (!double.IsFinite(value))
        {
            return FieldValue.FromDouble(value);
        }

        // The decimal conversion keeps 15 significant digits; when that round-trips, it is the shortest text's number,
        // as two 15-digit decimals are further apart than a double's precision. Otherwise, the slow exact path.
        if (Math.Abs(value) < 1e28)
        {
            var quick = (decimal)value;
            if ((double)quick == value)
            {
                return FieldValue.FromNumber(quick);
            }
        }

        Span<char> text = stackalloc char[32];
        return value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture)
            && decimal.TryParse(text[..length], NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)
            ? FieldValue.FromNumber(exact)
            : FieldValue.FromDouble(value);
    }

    /// <summary>A float as the number its shortest round-trip text denotes.</summary>
    public static FieldValue Float(float value)
    {
        if (!float.IsFinite(value))
        {
            return FieldValue.FromDouble(value);
        }

        var quick = (decimal)value;
        if ((float)quick == value)
        {
            return FieldValue.FromNumber(quick);
        }

        Span<char> text = stackalloc char[32];
        return value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture)
            && decimal.TryParse(text[..length], NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)
            ? FieldValue.FromNumber(exact)
            : FieldValue.FromDouble(value);
    }

    /// <summary>
    /// A decimal's unscaled big-endian two's-complement bytes at a scale: exact when System.Decimal holds it (96 bits,
    /// scale at most 28), else the nearest double.
    /// </summary>
    public static FieldValue Decimal(ReadOnlySpan<byte> unscaled, int scale)
    {
        if (TryDecimal(unscaled, scale, out var exact))
        {
            return FieldValue.FromNumber(exact);
        }

        var approximate = (double)new BigInteger(unscaled, isUnsigned: false, isBigEndian: true) / Math.Pow(10, scale);
        return FieldValue.FromDouble(approximate);
    }

    /// <summary>Whether the unscaled value and scale fit a System.Decimal, and the decimal.</summary>
    public static bool TryDecimal(ReadOnlySpan<byte> unscaled, int scale, out decimal value)
    {
        value = 0;
        if (unscaled.IsEmpty)
        {
            return true;
        }

        var negative = (unscaled[0] & 0x80) != 0;
        var fill = negative ? (byte)0xff : (byte)0;
        while (unscaled.Length > 16 && unscaled[0] == fill && (unscaled[1] & 0x80) == (fill & 0x80))
        {
            unscaled = unscaled[1..];
        }

        if (unscaled.Length > 16 || scale > 28)
        {
            return false;
        }

        Span<byte> wide = stackalloc byte[16];
        wide.Fill(fill);
        unscaled.CopyTo(wide[(16 - unscaled.Length)..]);
        var signed = BinaryPrimitives.ReadInt128BigEndian(wide);
        var magnitude = negative ? (UInt128)(-(signed + 1)) + 1 : (UInt128)signed;
        if (magnitude >= DecimalLimit)
        {
            return false;
        }

        value = new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, (byte)scale);
        return true;
    }

    /// <summary>Unix milliseconds, floored, from a count of <paramref name="unitsPerMillisecond"/> units.</summary>
    public static FieldValue Milliseconds(long value, long unitsPerMillisecond) =>
        FieldValue.FromNumber(FloorDiv(value, unitsPerMillisecond));

    /// <summary>Division rounding towards negative infinity: a time before 1970 floors to the millisecond it is in.</summary>
    public static long FloorDiv(long value, long divisor)
    {
        var quotient = Math.DivRem(value, divisor, out var remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    /// <summary>A date (days since 1970-01-01) as <c>yyyy-MM-dd</c>.</summary>
    /// <exception cref="AvroDecodeException">The date is outside years 1 to 9999.</exception>
    public static FieldValue Date(int days, ScratchArena arena)
    {
        var text = arena.Allocate(DateLength);
        FormatDate(days, text.Span);
        return FieldValue.FromUtf8(text);
    }

    /// <summary>The length of a date's text.</summary>
    public const int DateLength = 10;

    /// <summary>The length of a uuid's text.</summary>
    public const int UuidLength = 36;

    /// <summary>Writes a date (days since 1970-01-01) as <c>yyyy-MM-dd</c> into <see cref="DateLength"/> bytes.</summary>
    /// <exception cref="AvroDecodeException">The date is outside years 1 to 9999.</exception>
    public static void FormatDate(int days, Span<byte> destination)
    {
        var dayNumber = (long)UnixEpochDayNumber + days;
        if (dayNumber < 0 || dayNumber > DateOnly.MaxValue.DayNumber)
        {
            throw new AvroDecodeException($"date {days} days from 1970-01-01 is outside years 1 to 9999");
        }

        DateOnly.FromDayNumber((int)dayNumber).TryFormat(destination, out _, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>A uuid's 16 bytes (RFC 4122 order) as its canonical text.</summary>
    public static FieldValue Uuid(ReadOnlySpan<byte> bytes, ScratchArena arena)
    {
        var text = arena.Allocate(UuidLength);
        FormatUuid(bytes, text.Span);
        return FieldValue.FromUtf8(text);
    }

    /// <summary>Writes a uuid's 16 bytes (RFC 4122 order) as its canonical text into <see cref="UuidLength"/> bytes.</summary>
    public static void FormatUuid(ReadOnlySpan<byte> bytes, Span<byte> destination) =>
        new Guid(bytes, bigEndian: true).TryFormat(destination, out _, "D");

    /// <summary>Bytes as base64 text.</summary>
    public static FieldValue Base64Text(ReadOnlySpan<byte> bytes, ScratchArena arena)
    {
        var text = arena.Allocate(Base64.GetMaxEncodedToUtf8Length(bytes.Length));
        Base64.EncodeToUtf8(bytes, text.Span, out _, out _);
        return FieldValue.FromUtf8(text);
    }
}
