using System.Globalization;

namespace Kappa.Processor.Aggregates;

/// <summary>
/// <c>count_distinct(field)</c>: the number of distinct present, non-null values. Exact while there are at most
/// <see cref="ExactLimit"/> of them; beyond that the state becomes a <see cref="HyperLogLog"/> sketch of all of
/// them and the result an estimate (rounded to the nearest integer, ties to even). Value identity is
/// <see cref="CanonicalBytes"/>, hashed with <see cref="XxHash64"/>. The result is an integer, 0 before any input.
/// </summary>
internal sealed class CountDistinctAggregate : BuiltInAggregate
{
    public CountDistinctAggregate(string name, string call, string inputField, int exactLimit, int precision)
        : base(name, call, inputField, Semantics(exactLimit, precision))
    {
        ExactLimit = exactLimit;
        Precision = precision;
    }

    /// <summary>The most distinct values kept exactly; one more switches the state to a sketch.</summary>
    public int ExactLimit { get; }

    /// <summary>The sketch's precision p (2^p registers).</summary>
    public int Precision { get; }

    public override IAggregateState CreateState() => CountDistinctState.Create(this);

    public override IAggregateState ReadState(ReadOnlySpan<byte> stored)
    {
        var reader = new StateReader(stored, StateTag.CountDistinct, Call);
        var state = CountDistinctState.Read(this, ref reader);
        reader.End();
        return state;
    }

    private static string Semantics(int exactLimit, int precision)
    {
        var error = (HyperLogLog.StandardError(precision) * 100).ToString("0.00", CultureInfo.InvariantCulture);
        var sketch = $"HyperLogLog p={precision} (standard error {error}%)";
        return exactLimit == 0 ? sketch : $"exact up to {exactLimit} values, then {sketch}";
    }
}
