namespace Kappa.Processor.Expressions;

/// <summary>The comparison operators of the filter language.</summary>
internal enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>Spelling and mirroring of <see cref="ComparisonOperator"/>.</summary>
internal static class ComparisonOperators
{
    public static string Symbol(this ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "==",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        _ => ">=",
    };

    /// <summary>Whether the operator orders its operands rather than testing equality.</summary>
    public static bool IsOrdering(this ComparisonOperator op) => op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual);

    /// <summary>The operator that gives the same result with the operands swapped: <c>5 &lt; x</c> is <c>x &gt; 5</c>.</summary>
    public static ComparisonOperator Mirror(this ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => ComparisonOperator.Greater,
        ComparisonOperator.LessOrEqual => ComparisonOperator.GreaterOrEqual,
        ComparisonOperator.Greater => ComparisonOperator.Less,
        ComparisonOperator.GreaterOrEqual => ComparisonOperator.LessOrEqual,
        _ => op,
    };

    /// <summary>Whether a comparison result (negative, zero, positive) satisfies an ordering operator.</summary>
    public static bool Accepts(this ComparisonOperator op, int order) => op switch
    {
        ComparisonOperator.Less => order < 0,
        ComparisonOperator.LessOrEqual => order <= 0,
        ComparisonOperator.Greater => order > 0,
        ComparisonOperator.GreaterOrEqual => order >= 0,
        ComparisonOperator.Equal => order == 0,
        _ => order != 0,
    };
}
