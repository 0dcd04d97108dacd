using System.Collections.ObjectModel;
using Kappa.Processor.Events;

namespace Kappa.Processor.Expressions;

/// <summary>
/// A compiled filter, e.g. <c>status == 'paid' &amp;&amp; amount &gt; 0</c> (language and semantics in
/// <c>docs/views.md</c>). Compile once with <see cref="Parse"/>, then call <see cref="Evaluate"/> per event
/// with the values of <see cref="Fields"/>: evaluation allocates nothing, and the object is immutable, so it
/// can be shared between threads.
/// </summary>
public sealed class FilterExpression
{
    private readonly Condition _root;

    private FilterExpression(string text, Condition root, string[] fields)
    {
        Text = text;
        _root = root;
        Fields = new ReadOnlyCollection<string>(fields);
    }

    /// <summary>The filter as written.</summary>
    public string Text { get; }

    /// <summary>
    /// The dotted paths of the fields the filter reads, each once, in order of first appearance. The value
    /// of <c>Fields[i]</c> is passed to <see cref="Evaluate"/> as <c>fields[i]</c>. A quoted segment never
    /// contains '.', so splitting a path at '.' recovers its segments.
    /// </summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>Compiles a filter.</summary>
    /// <param name="text">The filter expression.</param>
    /// <exception cref="FilterSyntaxException">The text is not a valid filter; the exception gives the column.</exception>
    public static FilterExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (root, fields) = FilterCompiler.Compile(text, FilterParser.Parse(text));
        return new FilterExpression(text, root, fields);
    }

    /// <summary>Whether an event passes the filter.</summary>
    /// <param name="fields">The event's values of <see cref="Fields"/>, index for index (at least that many).</param>
    /// <exception cref="FilterTypeException">An evaluated ordering comparison met values with no common order (the event is bad).</exception>
    /// <exception cref="ArgumentException">Fewer values than <see cref="Fields"/>.</exception>
    public bool Evaluate(ReadOnlySpan<FieldValue> fields)
    {
        if (fields.Length < Fields.Count)
        {
            throw new ArgumentException($"the filter reads {Fields.Count} fields but {fields.Length} values were given", nameof(fields));
        }

        return _root.Evaluate(fields);
    }

    /// <summary>The filter as written.</summary>
    public override string ToString() => Text;
}
