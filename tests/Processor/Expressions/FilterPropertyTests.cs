using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Events;
using Kappa.Processor.Expressions;
using Xunit;

namespace Kappa.Processor.Tests.Expressions;

/// <summary>
/// Compiled evaluation agrees with a direct reading of the documented semantics, written with plain .NET
/// comparisons, for random operators and values. Strings use characters of the Basic Multilingual Plane
/// only, where UTF-16 ordinal order (the reference) equals the UTF-8 byte order the evaluator uses.
/// </summary>
public sealed class FilterPropertyTests
{
    private static readonly string[] Operators = ["==", "!=", "<", "<=", ">", ">="];

    private static readonly char[] Alphabet = ['a', 'b', 'B', 'z', '0', ' ', '\'', '"', '\\', 'é', 'ß', '€', '\uFF21'];

    private static readonly Gen<Value> Numbers =
        from units in Gen.Choose(-30, 30)
        from scale in Gen.Choose(0, 2)
        select Value.Of(units / (decimal)Math.Pow(10, scale));

    private static readonly Gen<Value> Strings =
        from length in Gen.Choose(0, 3)
        from chars in Gen.ArrayOf(Gen.Elements(Alphabet), length)
        select Value.Of(new string(chars));

    private static readonly Gen<Value> Any = Gen.Frequency(
        (4, Numbers),
        (4, Strings),
        (1, Gen.Elements(Value.Missing, Value.Null, Value.Of(true), Value.Of(false))));

    [Fact]
    public void Field_to_field_comparisons_match_the_reference()
    {
        Prop.ForAll(Gen.Elements(Operators).ToArbitrary(), Any.ToArbitrary(), Any.ToArbitrary(), (op, a, b) =>
        {
            var filter = FilterExpression.Parse($"a {op} b");
            return Outcome(() => filter.Evaluate([a.Field, b.Field])) == Reference(op, a, b);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Field_to_literal_comparisons_match_the_reference()
    {
        var literals = Gen.OneOf(Numbers, Strings);
        Prop.ForAll(Gen.Elements(Operators).ToArbitrary(), Any.ToArbitrary(), literals.ToArbitrary(), (op, a, literal) =>
        {
            var filter = FilterExpression.Parse($"a {op} {literal.Literal}");
            return Outcome(() => filter.Evaluate([a.Field])) == Reference(op, a, literal);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Literal_to_field_comparisons_match_the_mirrored_reference()
    {
        var literals = Gen.OneOf(Numbers, Strings);
        Prop.ForAll(Gen.Elements(Operators).ToArbitrary(), literals.ToArbitrary(), Any.ToArbitrary(), (op, literal, b) =>
        {
            var filter = FilterExpression.Parse($"{literal.Literal} {op} b");
            return Outcome(() => filter.Evaluate([b.Field])) == Reference(op, literal, b);
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>"true", "false" or "type error".</summary>
    private static string Outcome(Func<bool> evaluate)
    {
        try
        {
            return evaluate() ? "true" : "false";
        }
        catch (FilterTypeException)
        {
            return "type error";
        }
    }

    private static string Reference(string op, Value a, Value b)
    {
        if (a.Kind is FieldKind.Missing or FieldKind.Null || b.Kind is FieldKind.Missing or FieldKind.Null)
        {
            return "false";
        }

        var equal = a.Kind == b.Kind && Equals(a.Raw, b.Raw);
        int order;
        if (a.Raw is decimal x && b.Raw is decimal y)
        {
            order = x.CompareTo(y);
        }
        else if (a.Raw is string s && b.Raw is string t)
        {
            order = string.CompareOrdinal(s, t);
        }
        else
        {
            return op switch
            {
                "==" => equal ? "true" : "false",
                "!=" => equal ? "false" : "true",
                _ => "type error",
            };
        }

        var result = op switch
        {
            "==" => order == 0,
            "!=" => order != 0,
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            _ => order >= 0,
        };
        return result ? "true" : "false";
    }

    /// <summary>A test value: its kind, its .NET value for the reference, and how to write it as a literal.</summary>
    public sealed record Value(FieldKind Kind, object? Raw)
    {
        public static Value Missing { get; } = new(FieldKind.Missing, null);

        public static Value Null { get; } = new(FieldKind.Null, null);

        public FieldValue Field => Raw switch
        {
            decimal d => FieldValue.FromNumber(d),
            string s => FieldValue.FromUtf8(Encoding.UTF8.GetBytes(s)),
            bool b => FieldValue.FromBoolean(b),
            _ => Kind == FieldKind.Null ? FieldValue.NullValue : FieldValue.Missing,
        };

        public string Literal => Raw switch
        {
            decimal d => d.ToString(CultureInfo.InvariantCulture),
            string s => $"'{s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'",
            _ => throw new InvalidOperationException("only numbers and strings are written as literals here"),
        };

        public static Value Of(decimal value) => new(FieldKind.Number, value);

        public static Value Of(string value) => new(FieldKind.Text, value);

        public static Value Of(bool value) => new(FieldKind.Boolean, value);

        public override string ToString() => Raw switch
        {
            string s => $"'{s}'",
            null => Kind.ToString(),
            _ => Convert.ToString(Raw, CultureInfo.InvariantCulture)!,
        };
    }
}
