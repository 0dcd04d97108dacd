using System.Globalization;

namespace Kappa.Processor.Tests.Pipeline;

/// <summary>A view counting events per key and hour, and events for it on partition 0: keys k00000, k00001, ...</summary>
internal static class KeyedEvents
{
    public const string Yaml = """
        view: by_key
        source: clicks
        time: { field: ts, max-disorder: 1h, grace: 1h }
        key: [k]
        window: { tumbling: 1h }
        aggregates: { n: count() }
        """;

    public static readonly DateTimeOffset Ten = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    /// <summary>One event per key for <paramref name="count"/> keys, a millisecond apart from <paramref name="start"/>.</summary>
    public static IEnumerable<(int Partition, string? Key, string Json, long Timestamp)> OnePerKey(int count, DateTimeOffset start) =>
        Enumerable.Range(0, count).Select(i => Event($"k{i:D5}", start.AddMilliseconds(i)));

    public static (int Partition, string? Key, string Json, long Timestamp) Event(string key, DateTimeOffset at) =>
        (0, null, $$"""{"k":"{{key}}","ts":"{{at.ToString("O", CultureInfo.InvariantCulture)}}"}""", 0L);
}
