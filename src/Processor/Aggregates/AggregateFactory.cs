using System.Globalization;

namespace Kappa.Processor.Aggregates;

/// <summary>
/// Builds the built-in aggregates from a view definition's <c>name: function(arguments)</c> entries. Function names
/// are case-insensitive; arguments are field names, except the numeric last argument of <c>top</c> and
/// <c>count_distinct</c>. Custom aggregates do not go through the factory: implement <see cref="IAggregateFunction"/>.
/// </summary>
/// <remarks>
/// Built-ins: <c>count()</c>, <c>count(field)</c>, <c>sum(field)</c>, <c>avg(field)</c>, <c>min(field)</c>,
/// <c>max(field)</c>, <c>first(field)</c>, <c>last(field)</c>, <c>count_distinct(field)</c>,
/// <c>count_distinct(field, exact_limit)</c>, <c>top(field, n)</c>.
/// </remarks>
public static class AggregateFactory
{
    /// <summary>How many distinct values <c>count_distinct</c> keeps exactly unless told otherwise.</summary>
    public const int DefaultExactDistinctLimit = 10_000;

    /// <summary>The largest exact limit <c>count_distinct</c> accepts, bounding the state of a row.</summary>
    public const int MaxExactDistinctLimit = 1_000_000;

    /// <summary>The HyperLogLog precision p of <c>count_distinct</c>: 2^14 registers, standard error 0.81%.</summary>
    public const int DistinctSketchPrecision = 14;

    /// <summary>The largest n <c>top</c> accepts, bounding the state of a row.</summary>
    public const int MaxTopCount = 1_000;

    private static readonly string[] KnownFunctions = ["avg", "count", "count_distinct", "first", "last", "max", "min", "sum", "top"];

    /// <summary>Creates a built-in aggregate.</summary>
    /// <param name="outputName">The output column name, for example <c>revenue</c>.</param>
    /// <param name="function">The function name, for example <c>sum</c>.</param>
    /// <param name="arguments">The arguments: field names, then for <c>top</c> the count n and for
    /// <c>count_distinct</c> an optional exact limit, as decimal integers.</param>
    /// <returns>The aggregate definition.</returns>
    /// <exception cref="ArgumentException">The name is blank, the function unknown, the number of arguments wrong,
    /// a field name blank or a numeric argument malformed or out of range.</exception>
    public static IAggregateFunction Create(string outputName, string function, IReadOnlyList<string> arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputName);
        ArgumentException.ThrowIfNullOrWhiteSpace(function);
        ArgumentNullException.ThrowIfNull(arguments);

        var name = function.ToLowerInvariant();
        var call = $"{name}({string.Join(", ", arguments)})";
        return name switch
        {
            "count" when arguments.Count == 0 => new CountAggregate(outputName, call, null),
            "count" => new CountAggregate(outputName, call, Field(call, arguments, 1, 1)),
            "sum" => new SumAggregate(outputName, call, Field(call, arguments, 1, 1)),
            "avg" => new AverageAggregate(outputName, call, Field(call, arguments, 1, 1)),
            "min" => new MinMaxAggregate(outputName, call, Field(call, arguments, 1, 1), isMax: false),
            "max" => new MinMaxAggregate(outputName, call, Field(call, arguments, 1, 1), isMax: true),
            "first" => new FirstLastAggregate(outputName, call, Field(call, arguments, 1, 1), isLast: false),
            "last" => new FirstLastAggregate(outputName, call, Field(call, arguments, 1, 1), isLast: true),
            "count_distinct" => new CountDistinctAggregate(
                outputName,
                call,
                Field(call, arguments, 1, 2),
                arguments.Count == 2 ? Integer(call, arguments[1], "exact limit", 0, MaxExactDistinctLimit) : DefaultExactDistinctLimit,
                DistinctSketchPrecision),
            "top" => new TopAggregate(outputName, call, Field(call, arguments, 2, 2), Integer(call, arguments[1], "n", 1, MaxTopCount)),
            _ => throw new ArgumentException(
                $"Aggregate '{outputName}': unknown function '{function}'; expected one of {string.Join(", ", KnownFunctions)}", nameof(function)),
        };
    }

    /// <summary>Checks the argument count and returns the field name, the first argument.</summary>
    private static string Field(string call, IReadOnlyList<string> arguments, int min, int max)
    {
        if (arguments.Count < min || arguments.Count > max)
        {
            var expected = min == max ? $"{min}" : $"{min} or {max}";
            throw new ArgumentException($"{call}: expected {expected} argument{(max == 1 ? string.Empty : "s")}, got {arguments.Count}", nameof(arguments));
        }

        return string.IsNullOrWhiteSpace(arguments[0])
            ? throw new ArgumentException($"{call}: the field name is blank", nameof(arguments))
            : arguments[0];
    }

    private static int Integer(string call, string text, string what, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{call}: {what} must be an integer from {min} to {max}, got '{text}'", nameof(text));
}
