using System.Globalization;
using System.Text;
using Kappa.Processor.Events;
using Kappa.Processor.Expressions;

namespace Kappa.Processor.Tests.Expressions;

/// <summary>Helpers: build field values and evaluate a filter against named values (others missing).</summary>
internal static class Filters
{
    public static FieldValue Text(string value) => FieldValue.FromUtf8(Encoding.UTF8.GetBytes(value));

    public static FieldValue Number(decimal value) => FieldValue.FromNumber(value);

    public static FieldValue Bool(bool value) => FieldValue.FromBoolean(value);

    public static FieldValue Null => FieldValue.NullValue;

    public static FieldValue Missing => FieldValue.Missing;

    public static FieldValue Composite(string json) => FieldValue.FromComposite(Encoding.UTF8.GetBytes(json));

    /// <summary>Parses a value written as in the truth tables: 'text', 12.5, true, null, missing, {json}, ~1e300 (approximate).</summary>
    public static FieldValue Value(string written) => written switch
    {
        "missing" => Missing,
        "null" => Null,
        "true" => Bool(true),
        "false" => Bool(false),
        _ when written.StartsWith('\'') => Text(written[1..^1]),
        _ when written.StartsWith('{') || written.StartsWith('[') => Composite(written),
        _ when written.StartsWith('~') => FieldValue.FromDouble(double.Parse(written[1..], CultureInfo.InvariantCulture)),
        _ => Number(decimal.Parse(written, NumberStyles.Float, CultureInfo.InvariantCulture)),
    };

    public static bool Evaluate(string filter, params (string Field, FieldValue Value)[] values) =>
        Evaluate(FilterExpression.Parse(filter), values);

    public static bool Evaluate(FilterExpression filter, params (string Field, FieldValue Value)[] values)
    {
        var fields = filter.Fields
            .Select(f => values.FirstOrDefault(v => v.Field == f) is { Field: not null } given ? given.Value : Missing)
            .ToArray();
        return filter.Evaluate(fields);
    }
}
