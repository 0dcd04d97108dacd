namespace Kappa.Contracts.Definitions;

/// <summary>An aggregate a view computes per window and key.</summary>
public enum AggregateFunction
{
    /// <summary><c>count()</c>: the number of events; <c>count(f)</c>: the number of events where f is present and not null.</summary>
    Count,

    /// <summary><c>count_distinct(f)</c>: the number of distinct non-null values of f.</summary>
    CountDistinct,

    /// <summary><c>sum(f)</c>: the exact sum of the numbers in f.</summary>
    Sum,

    /// <summary><c>avg(f)</c>: the mean of the numbers in f.</summary>
    Avg,

    /// <summary><c>min(f)</c>: the least value of f.</summary>
    Min,

    /// <summary><c>max(f)</c>: the greatest value of f.</summary>
    Max,

    /// <summary><c>top(f, n)</c>: the n greatest values of f, greatest first.</summary>
    Top,

    /// <summary><c>first(f)</c>: the value of f in the earliest event by event time (ties: partition, then offset).</summary>
    First,

    /// <summary><c>last(f)</c>: the value of f in the latest event by event time (ties: partition, then offset).</summary>
    Last,
}
