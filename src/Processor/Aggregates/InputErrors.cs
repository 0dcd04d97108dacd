using Kappa.Processor.Events;

namespace Kappa.Processor.Aggregates;

/// <summary>
/// The wording of input errors, shared so every aggregate describes a rejected value the same way. Runs only when
/// an event is rejected, so it may allocate.
/// </summary>
internal static class InputErrors
{
    private const int MaxShownLength = 64;

    public static string KindName(FieldKind kind) => kind switch
    {
        FieldKind.Missing => "a missing field",
        FieldKind.Null => "null",
        FieldKind.Boolean => "a boolean",
        FieldKind.Number => "a number",
        FieldKind.Text => "a string",
        _ => "an object or array",
    };

    /// <summary>The kind and a shortened rendering of the value, for example <c>a string "abc"</c>.</summary>
    public static string Describe(in FieldValue value)
    {
        var text = value.ToString();
        if (text.Length > MaxShownLength)
        {
            text = string.Concat(text.AsSpan(0, MaxShownLength), "…");
        }

        return value.Kind == FieldKind.Text ? $"{KindName(value.Kind)} \"{text}\"" : $"{KindName(value.Kind)} {text}";
    }

    public static string ExpectedNumber(in FieldValue value) => $"expected a number but got {Describe(value)}";

    public static string Approximate(in FieldValue value) =>
        $"the number {value} is outside the exact decimal range (at most 28-29 significant digits, magnitude below 7.9e28)";
}
