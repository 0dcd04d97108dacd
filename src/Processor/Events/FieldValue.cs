using System.Text;

namespace Kappa.Processor.Events;

/// <summary>The JSON kind of an extracted event field.</summary>
public enum FieldKind : byte
{
    /// <summary>The event has no such field.</summary>
    Missing,

    /// <summary>JSON null.</summary>
    Null,

    /// <summary>JSON true or false.</summary>
    Boolean,

    /// <summary>A JSON number. <see cref="FieldValue.Number"/> holds it exactly when it fits a decimal.</summary>
    Number,

    /// <summary>A JSON string; its UTF-8 bytes (unescaped) are in <see cref="FieldValue.Utf8"/>.</summary>
    Text,

    /// <summary>A JSON object or array; its raw JSON is in <see cref="FieldValue.Utf8"/>.</summary>
    Composite,
}

/// <summary>
/// One field of one event, as the processor sees it: a tagged value that costs no allocation. Strings are
/// views into the event's buffer (or the extractor's scratch buffer when unescaping was needed) and are
/// valid only while that event is being processed. Numbers are decimals, so sums are exact; a number too
/// large for a decimal keeps its double in <see cref="AsDouble"/> and is flagged by <see cref="IsApproximate"/>.
/// </summary>
public readonly struct FieldValue
{
    // Set only for an approximate number: an exact one's double is made from its decimal when asked for, as few
    // fields ever are (converting every number field of every event cost more than its extraction's other steps).
    private readonly double _approximate;

    private FieldValue(FieldKind kind, bool boolean, decimal number, double approximate, bool isApproximate, ReadOnlyMemory<byte> utf8)
    {
        Kind = kind;
        Boolean = boolean;
        Number = number;
        _approximate = approximate;
        IsApproximate = isApproximate;
        Utf8 = utf8;
    }

    /// <summary>The field's kind.</summary>
    public FieldKind Kind { get; }

    /// <summary>The value of a <see cref="FieldKind.Boolean"/> field.</summary>
    public bool Boolean { get; }

    /// <summary>The value of a <see cref="FieldKind.Number"/> field, exact unless <see cref="IsApproximate"/>.</summary>
    public decimal Number { get; }

    /// <summary>The value of a <see cref="FieldKind.Number"/> field as a double.</summary>
    public double AsDouble => IsApproximate ? _approximate : (double)Number;

    /// <summary>Whether the number did not fit a decimal and only <see cref="AsDouble"/> is meaningful.</summary>
    public bool IsApproximate { get; }

    /// <summary>
    /// String bytes (UTF-8, unescaped) or raw JSON of a composite. They view the record being processed or the
    /// extractor's decoding buffer, and are valid only until the extractor's next record: whoever keeps them copies them.
    /// </summary>
    public ReadOnlyMemory<byte> Utf8 { get; }

    /// <summary>A field the event does not have.</summary>
    public static FieldValue Missing => default;

    /// <summary>JSON null.</summary>
    public static FieldValue NullValue { get; } = new(FieldKind.Null, false, 0, 0, false, default);

    /// <summary>A boolean.</summary>
    public static FieldValue FromBoolean(bool value) => new(FieldKind.Boolean, value, 0, 0, false, default);

    /// <summary>An exact number.</summary>
    public static FieldValue FromNumber(decimal value) => new(FieldKind.Number, false, value, 0, false, default);

    /// <summary>A number too large or precise for a decimal.</summary>
    public static FieldValue FromDouble(double value) => new(FieldKind.Number, false, 0, value, true, default);

    /// <summary>A string, as UTF-8 bytes.</summary>
    public static FieldValue FromUtf8(ReadOnlyMemory<byte> utf8) => new(FieldKind.Text, false, 0, 0, false, utf8);

    /// <summary>A JSON object or array, as raw JSON.</summary>
    public static FieldValue FromComposite(ReadOnlyMemory<byte> json) => new(FieldKind.Composite, false, 0, 0, false, json);

    /// <summary>Whether the field is missing or null.</summary>
    public bool IsMissingOrNull => Kind is FieldKind.Missing or FieldKind.Null;

    /// <summary>A readable rendering for errors and tests; allocates.</summary>
    public override string ToString() => Kind switch
    {
        FieldKind.Missing => "<missing>",
        FieldKind.Null => "null",
        FieldKind.Boolean => Boolean ? "true" : "false",
        FieldKind.Number => IsApproximate ? AsDouble.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        FieldKind.Text => Encoding.UTF8.GetString(Utf8.Span),
        _ => Encoding.UTF8.GetString(Utf8.Span),
    };
}
