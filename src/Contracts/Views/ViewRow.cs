using System.Text.Json;

namespace Kappa.Contracts.Views;

/// <summary>
/// One row of a materialized view: the aggregates of one key in one window. Values are JSON because
/// aggregates differ in type (a count is an integer, a decimal sum is exact, a top-N is an array).
/// </summary>
/// <param name="Key">The group key.</param>
/// <param name="WindowStart">Inclusive window start.</param>
/// <param name="WindowEnd">Exclusive window end.</param>
/// <param name="Values">Aggregate name to value.</param>
public sealed record ViewRow(
    string Key,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    IReadOnlyDictionary<string, JsonElement> Values);
