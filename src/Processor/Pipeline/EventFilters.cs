using Kappa.Processor.Events;
using Kappa.Processor.Expressions;

namespace Kappa.Processor.Pipeline;

/// <summary>The filter language as an <see cref="IEventFilter"/>.</summary>
internal sealed class ExpressionFilter(FilterExpression expression) : IEventFilter
{
    public IReadOnlyList<string> Fields => expression.Fields;

    public string Description => expression.Text;

    public bool Evaluate(ReadOnlySpan<FieldValue> fields) => expression.Evaluate(fields);
}

/// <summary>A C# predicate as an <see cref="IEventFilter"/>.</summary>
internal sealed class PredicateFilter(IReadOnlyList<string> fields, FieldPredicate predicate, string description) : IEventFilter
{
    public IReadOnlyList<string> Fields => fields;

    public string Description => description;

    public bool Evaluate(ReadOnlySpan<FieldValue> values) => predicate(values[..fields.Count]);
}

/// <summary>Several filters that must all pass, evaluated in order with short-circuit.</summary>
internal sealed class AllFilters : IEventFilter
{
    private readonly IEventFilter[] _filters;
    private readonly int[] _offsets;

    public AllFilters(IReadOnlyList<IEventFilter> filters)
    {
        _filters = [.. filters];
        _offsets = new int[_filters.Length];
        var fields = new List<string>();
        for (var i = 0; i < _filters.Length; i++)
        {
            _offsets[i] = fields.Count;
            fields.AddRange(_filters[i].Fields);
        }

        Fields = fields;
        Description = string.Join(" && ", _filters.Select(f => $"({f.Description})"));
    }

    public IReadOnlyList<string> Fields { get; }

    public string Description { get; }

    public bool Evaluate(ReadOnlySpan<FieldValue> fields)
    {
        for (var i = 0; i < _filters.Length; i++)
        {
            if (!_filters[i].Evaluate(fields.Slice(_offsets[i], _filters[i].Fields.Count)))
            {
                return false;
            }
        }

        return true;
    }
}
