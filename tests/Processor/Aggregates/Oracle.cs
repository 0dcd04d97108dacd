using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kappa.Processor.Events;

namespace Kappa.Processor.Tests.Aggregates;

/// <summary>Expected results, computed with LINQ and formatted independently of the code under test.</summary>
internal static class Oracle
{
    /// <summary>A decimal as the aggregates write it: invariant digits, no exponent, no trailing zeros, no negative zero.</summary>
    public static string Format(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (text.Contains('.', StringComparison.Ordinal))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }

        return text == "-0" ? "0" : text;
    }

    /// <summary>Strings as a default <see cref="Utf8JsonWriter"/> writes them (it escapes non-ASCII).</summary>
    public static string Json(string value) => Json(writer => writer.WriteStringValue(value));

    public static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string JsonArray(IEnumerable<string> values) => Json(writer =>
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    });

    public static IEnumerable<decimal> Numbers(IEnumerable<Input> inputs) =>
        inputs.Where(i => i.Value.Kind == FieldKind.Number).Select(i => i.Value.Number);

    public static IEnumerable<string> Strings(IEnumerable<Input> inputs) =>
        inputs.Where(i => i.Value.Kind == FieldKind.Text).Select(i => Encoding.UTF8.GetString(i.Value.Utf8.Span));

    /// <summary>Orders strings by their UTF-8 bytes, which is not the order of <see cref="string.CompareOrdinal(string, string)"/>.</summary>
    public static Comparer<string> Utf8Order { get; } =
        Comparer<string>.Create((x, y) => Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y)));
}
