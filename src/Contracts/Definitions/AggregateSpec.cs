namespace Kappa.Contracts.Definitions;

/// <summary>
/// One output column of a view, written <c>output_name: function(arguments)</c>, e.g. <c>revenue: sum(amount)</c>
/// or <c>largest: top(amount, 5)</c>. Invariants: the argument count and kinds fit <see cref="Function"/>
/// (field paths, and for <see cref="AggregateFunction.Top"/> a second argument that is a whole number from 1
/// to 1000). Equality compares <see cref="Arguments"/> element by element.
/// </summary>
/// <param name="OutputName">The column name: letters, digits and '_'; unique within the view.</param>
/// <param name="Function">The aggregate.</param>
/// <param name="Arguments">The arguments as written, trimmed: dotted field paths or whole numbers.</param>
/// <param name="Location">The output name in the file.</param>
public sealed record AggregateSpec(string OutputName, AggregateFunction Function, IReadOnlyList<string> Arguments, SourceLocation Location)
{
    /// <inheritdoc/>
    public bool Equals(AggregateSpec? other) =>
        other is not null
        && OutputName == other.OutputName
        && Function == other.Function
        && Arguments.SequenceEqual(other.Arguments)
        && Location == other.Location;

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(OutputName);
        hash.Add(Function);
        foreach (var argument in Arguments)
        {
            hash.Add(argument);
        }

        hash.Add(Location);
        return hash.ToHashCode();
    }

    /// <summary>Renders as written: <c>name: function(arguments)</c>.</summary>
    public override string ToString() => $"{OutputName}: {AggregateSyntax.NameOf(Function)}({string.Join(", ", Arguments)})";
}
