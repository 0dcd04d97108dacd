using Kappa.Processor.Events;

namespace Kappa.Processor.Expressions;

/// <summary>
/// A compiled comparison operand: an index into the event's field values, or a literal prepared at
/// compile time (strings already as UTF-8 bytes), so that resolving it never allocates.
/// </summary>
internal readonly struct Operand
{
    private Operand(int fieldIndex, FieldValue literal, string text)
    {
        FieldIndex = fieldIndex;
        Literal = literal;
        Text = text;
    }

    /// <summary>The index into the field values, or -1 for a literal.</summary>
    public int FieldIndex { get; }

    /// <summary>The literal's value; unused for a field.</summary>
    public FieldValue Literal { get; }

    /// <summary>The field path, or the literal as written; for messages.</summary>
    public string Text { get; }

    public bool IsField => FieldIndex >= 0;

    public static Operand Field(int index, string path) => new(index, default, path);

    public static Operand Constant(FieldValue value, string text) => new(-1, value, text);

    public FieldValue Resolve(ReadOnlySpan<FieldValue> fields) => IsField ? fields[FieldIndex] : Literal;
}
